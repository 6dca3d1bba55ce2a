package dev.roster.adapters.javalin.admin;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /admin/feed} on a plain socket, read by a thread of its own: the test sees the raw answer (status line,
 * headers, events) and can hang up the way a crashed browser does, with a reset instead of a goodbye.
 */
final class RawFeed implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Only the newest text is kept, so a viewer that stays through a burst holds little memory... */
    private static final int KEPT_CHARS = 256 * 1024;
    /** ...and the start of the answer, with its status line and headers. */
    private static final int HEAD_CHARS = 4096;

    private final Socket socket;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder head = new StringBuilder();
    private final Thread reader;
    private volatile boolean ended;

    private RawFeed(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "raw-feed-reader");
        reader.setDaemon(true);
    }

    /** Asks for the feed with the admin bearer token and this Accept header (none when null), and reads it. */
    static RawFeed open(int port, String accept) {
        RawFeed feed = request(port, accept, 0);
        feed.startReading();
        return feed;
    }

    /**
     * Asks for the feed but reads nothing until {@link #startReading()}, with a small receive buffer: a browser
     * that has stopped reading.
     */
    static RawFeed openUnread(int port) {
        return request(port, "text/event-stream", 4096);
    }

    private static RawFeed request(int port, String accept, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            String request = "GET /admin/feed HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + AdminNode.ADMIN_TOKEN + "\r\n"
                    + (accept == null ? "" : "Accept: " + accept + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new RawFeed(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void startReading() {
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (text) {
                    String part = new String(buffer, 0, n, StandardCharsets.UTF_8);
                    if (head.length() < HEAD_CHARS) {
                        head.append(part, 0, Math.min(part.length(), HEAD_CHARS - head.length()));
                    }
                    text.append(part);
                    if (text.length() > KEPT_CHARS) {
                        text.delete(0, text.length() - KEPT_CHARS);
                    }
                }
            }
        } catch (IOException e) {
            // hung up by the test, or reset by the server
        } finally {
            ended = true;
        }
    }

    /** Everything read so far (the newest part of it after a long stream). */
    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    /** Waits until the answer so far contains {@code part}. */
    void await(String part) {
        Awaitility.await().atMost(WAIT).until(() -> text().contains(part));
    }

    /** The first few kilobytes of the answer, however long it grew. */
    String head() {
        synchronized (text) {
            return head.toString();
        }
    }

    /** How many times {@code part} occurs in what is kept of the answer. */
    int count(String part) {
        String all = text();
        int n = 0;
        for (int i = all.indexOf(part); i >= 0; i = all.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** Waits until the server ended the answer, and returns all of it. */
    String awaitEnd() {
        Awaitility.await().atMost(WAIT).until(() -> ended);
        return text();
    }

    /** Hangs up at once: the server's next write meets a reset connection. */
    void hangUp() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
