package dev.roster.adapters.javalin.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends a WebSocket upgrade request by hand, to read a refused handshake's whole answer (the JDK client hides it). */
public final class RawHttp {
    private static final int MAX_ANSWER = 16_384;

    private RawHttp() {
    }

    public static String upgrade(int port, String path, String origin) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request(port, path, origin));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Opens a WebSocket by hand and then reads without ever answering, not even the server's pings; returns
     * whether the server closed the connection within {@code wait}.
     */
    public static boolean silentClientIsDropped(int port, String path, java.time.Duration wait) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.getOutputStream().write(request(port, path, null));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true;
            }
            return false;
        }
    }

    private static byte[] request(int port, String path, String origin) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while (answer.size() < MAX_ANSWER && (n = in.read(buffer)) > 0) {
            answer.write(buffer, 0, n);
            if (answer.toString(StandardCharsets.UTF_8).contains("}}")) {
                break;
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
