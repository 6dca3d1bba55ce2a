package dev.roster.adapters.javalin.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends requests by hand: a WebSocket upgrade, to read a refused handshake's whole answer (the JDK client hides it),
 * or any plain request, with any method.
 */
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

    /** An HTTP answer as it came off the wire: status, headers by lower-case name, body. */
    public record Answer(int status, java.util.Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Sends one plain HTTP/1.1 request with {@code Connection: close} and reads the whole answer, so that nothing a
     * client library adds or hides (methods it refuses, headers it drops) stands between the test and the server.
     */
    public static Answer send(int port, String method, String path, String bearer) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            String request = method + " " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                    + "Content-Length: 0\r\n"
                    + "Connection: close\r\n"
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while (answer.size() < MAX_ANSWER && (n = socket.getInputStream().read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            // one char per byte, so that chunk sizes count what they count; the body is decoded as UTF-8 at the end
            return parse(answer.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("not an HTTP answer: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
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
