package dev.roster.testsupport.ws;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain socket, for what a well-behaved client library never does: send
 * any handshake header (a proxy's {@code X-Forwarded-For}), read a refused handshake's whole answer, and stop
 * reading altogether while the server keeps sending, with a receive buffer as small as the test wants so that the
 * connection backs up quickly. It reads only when asked to.
 */
public final class RawWsClient implements AutoCloseable {
    private static final int MAX_HEADER = 16_384;

    /** An HTTP answer to a handshake: status, headers by lower-case name, body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One frame from the server: its opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        public static final int TEXT = 0x1;
        public static final int CLOSE = 0x8;

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame; 1005 when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWsClient(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a WebSocket to {@code pathAndQuery} on the node at {@code port}, with {@code headers} added to the
     * upgrade and a receive buffer of {@code receiveBuffer} bytes (0 for the system's); fails unless the server
     * answers 101.
     */
    public static RawWsClient open(int port, String pathAndQuery, Map<String, String> headers, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                // before connecting, so that the window offered in the handshake is small already
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            socket.getOutputStream().write(upgrade(port, pathAndQuery, headers));
            Answer answer = head(in);
            if (answer.status() != 101) {
                throw new AssertionError("the handshake was refused: " + answer);
            }
            return new RawWsClient(socket, in);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends an upgrade with {@code headers} (a {@code Host} among them replaces the default one) and returns the
     * answer, body included when it is not 101; an accepted socket is dropped at once.
     */
    public static Answer handshake(int port, String pathAndQuery, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            socket.getOutputStream().write(upgrade(port, pathAndQuery, headers));
            Answer head = head(in);
            if (head.status() == 101) {
                return head;
            }
            int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Sends one text frame, masked as a client must. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | Frame.TEXT);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame; fails if none comes within {@link WsClient#WAIT}, null at the end of the stream. */
    public Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = readByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = ((long) readByte() << 8) | readByte();
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        if ((second & 0x80) != 0) {
            in.readNBytes(4);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("the stream ended inside a frame");
        }
        return new Frame(first & 0x0f, payload);
    }

    /**
     * Every frame from here to the server's close frame (included) or the end of the stream, which may come
     * without one when the server dropped the connection.
     */
    public List<Frame> readToTheEnd() throws IOException {
        List<Frame> frames = new ArrayList<>();
        try {
            Frame frame;
            while ((frame = read()) != null) {
                frames.add(frame);
                if (frame.opcode() == Frame.CLOSE) {
                    break;
                }
            }
        } catch (SocketException | EOFException e) {
            // dropped: what came before stays
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither closed nor dropped the connection within "
                    + WsClient.WAIT + " after " + frames.size() + " frames", e);
        }
        return frames;
    }

    /** Whether the server dropped or closed the connection within {@code wait}, reading whatever it sent. */
    public boolean endsWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        byte[] buffer = new byte[65_536];
        try {
            while (in.read(buffer) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the stream ended inside a frame header");
        }
        return b;
    }

    private static byte[] upgrade(int port, String pathAndQuery, Map<String, String> headers) {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Host"))) {
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        request.append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the status line and headers, byte by byte, so that nothing after them is taken from the stream. */
    private static Answer head(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended before the answer's headers: " + raw);
            }
            raw.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (raw.size() > MAX_HEADER) {
                throw new IOException("headers too long");
            }
        }
        String[] lines = raw.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(status, headers, "");
    }
}
