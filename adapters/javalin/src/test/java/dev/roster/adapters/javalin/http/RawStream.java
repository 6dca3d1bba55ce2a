package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.support.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * {@code GET /api/events/stream} (or any path) on a plain socket, read by a thread of its own, or not read at all:
 * the test sees the raw answer, status line and headers included, and every event id in the order it came.
 */
final class RawStream implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern ID = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);

    private final Socket socket;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final List<String> ids = new ArrayList<>();
    // the parse of what came, guarded by text
    private String head;
    private boolean chunked;
    private int consumed;
    private int chunkLeft;
    private boolean skipCrlf;
    private int scanned;
    private final Thread reader;
    private volatile boolean ended;

    private RawStream(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "raw-stream-reader");
        reader.setDaemon(true);
    }

    /** Asks for {@code path} with the admin token and the extra header lines given, and reads the answer. */
    static RawStream open(int port, String path, String... headers) {
        RawStream stream = request(port, path, 0, headers);
        stream.reader.start();
        return stream;
    }

    /** Asks for {@code path} but never reads, with a small receive buffer: a client that has stopped reading. */
    static RawStream openUnread(int port, String path) {
        return request(port, path, 4096);
    }

    private static RawStream request(int port, String path, int receiveBuffer, String... headers) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Authorization: Bearer ").append(TestNode.ADMIN_TOKEN).append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new RawStream(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        byte[] buffer = new byte[16384];
        try (InputStream in = socket.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (text) {
                    // the tests' text is ASCII: a char is a byte, and chunk sizes count chars
                    text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    parse();
                }
            }
        } catch (IOException e) {
            // hung up by the test, or reset by the server
        } finally {
            ended = true;
        }
    }

    /** Takes what came: the head, then the body (its chunks put together when chunked), then each whole event. */
    private void parse() {
        if (head == null) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            head = text.substring(0, end);
            chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            consumed = end + 4;
        }
        while (consumed < text.length()) {
            if (!chunked) {
                body.append(text, consumed, text.length());
                consumed = text.length();
            } else if (chunkLeft > 0) {
                int take = Math.min(chunkLeft, text.length() - consumed);
                body.append(text, consumed, consumed + take);
                consumed += take;
                chunkLeft -= take;
                if (chunkLeft == 0) {
                    skipCrlf = true;
                }
            } else if (skipCrlf) {
                if (text.length() - consumed < 2) {
                    break;
                }
                consumed += 2;
                skipCrlf = false;
            } else {
                int line = text.indexOf("\r\n", consumed);
                if (line < 0) {
                    break;
                }
                chunkLeft = Integer.parseInt(text.substring(consumed, line).split(";")[0].strip(), 16);
                consumed = line + 2;
                if (chunkLeft == 0) {
                    consumed = text.length();
                }
            }
        }
        for (int end = body.indexOf("\n\n", scanned); end >= 0; end = body.indexOf("\n\n", scanned)) {
            Matcher id = ID.matcher(body.substring(scanned, end + 1));
            if (id.find()) {
                ids.add(id.group(1).strip());
            }
            scanned = end + 2;
        }
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    /** The status line and headers. */
    String head() {
        synchronized (text) {
            return head == null ? text.toString() : head;
        }
    }

    /** The body so far, its chunks put together. */
    String body() {
        synchronized (text) {
            return body.toString();
        }
    }

    /** The ids of the whole events so far, in the order they came. */
    List<String> ids() {
        synchronized (text) {
            return List.copyOf(ids);
        }
    }

    /** How many whole events came. */
    int events() {
        synchronized (text) {
            return ids.size();
        }
    }

    /** Waits until the body so far contains {@code part}. */
    void await(String part) {
        Awaitility.await().atMost(WAIT).until(() -> body().contains(part));
    }

    /** Waits until {@code count} events have come. */
    void awaitEvents(int count) {
        Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> events() >= count);
    }

    /** Waits until the server ended the answer, and returns all of it. */
    String awaitEnd() {
        Awaitility.await().atMost(WAIT).until(() -> ended);
        return text();
    }

    boolean ended() {
        return ended;
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
