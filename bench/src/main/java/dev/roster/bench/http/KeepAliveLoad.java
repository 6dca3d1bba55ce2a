package dev.roster.bench.http;

import dev.roster.bench.report.Latency;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N clients, each one thread on one keep-alive HTTP/1.1 connection over a plain socket, each sending the same GET
 * and reading its whole answer before the next, until a total count of requests or a deadline. A raw socket, not
 * the JDK's HttpClient, so that the generator's own cost per request stays small beside the server's: the
 * scenario's {@code /health/live} rate shows what the pair of them manages on an answer that costs nearly nothing.
 */
public final class KeepAliveLoad {
    private final InetSocketAddress server;
    private final byte[] request;

    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong non2xx = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /**
     * @param authorization the {@code Authorization} header's value, or null for none
     */
    public KeepAliveLoad(InetSocketAddress server, String path, String authorization) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("the path must start with / and hold no spaces or controls: " + path);
        }
        this.server = server;
        StringBuilder head = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHostString()).append(':').append(server.getPort()).append("\r\n")
                .append("Accept: application/json\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        this.request = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Runs {@code clients} connections until {@code maxRequests} were sent in all or {@code deadlineNanos}
     * ({@link System#nanoTime()}) passed, recording each answer's time from send to last byte.
     */
    public void run(int clients, long maxRequests, long deadlineNanos, Latency latency) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> client(maxRequests, deadlineNanos, latency), "http-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** One client: a new connection each time the server closes one, until the count or the deadline. */
    private void client(long maxRequests, long deadlineNanos, Latency latency) {
        while (System.nanoTime() < deadlineNanos && issued.get() < maxRequests) {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                socket.connect(server, 10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                boolean open = true;
                while (open && System.nanoTime() < deadlineNanos && issued.incrementAndGet() <= maxRequests) {
                    long started = System.nanoTime();
                    out.write(request);
                    out.flush();
                    Answer answer = Answer.read(in);
                    latency.recordNanos(System.nanoTime() - started);
                    answered.incrementAndGet();
                    if (answer.status() < 200 || answer.status() > 299) {
                        non2xx.incrementAndGet();
                    }
                    open = !answer.closes();
                }
            } catch (IOException | RuntimeException e) {
                // a connection that fails ends its client: the run is reported as failed, and a refused one
                // must not spin until the deadline
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
                return;
            }
        }
    }

    public long answered() {
        return answered.get();
    }

    public long non2xx() {
        return non2xx.get();
    }

    /** Connections that failed (refused, reset, timed out, or an answer that was not HTTP/1.1). */
    public long errors() {
        return errors.get();
    }

    public String firstError() {
        return firstError.get();
    }

    /** What the client needs of one answer: its status, and whether the server closes the connection after it. */
    record Answer(int status, boolean closes) {

        /** Reads one whole answer (head, then a body of Content-Length bytes or chunks), keeping only the above. */
        static Answer read(InputStream in) throws IOException {
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closes = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    throw new IOException("not a header: " + header);
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closes = value.equalsIgnoreCase("close");
                }
            }
            if (chunked) {
                for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                    skip(in, size);
                    line(in);
                }
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    // trailers carry nothing the client needs
                }
            } else if (length >= 0) {
                skip(in, length);
            } else if (code != 204 && code != 304) {
                throw new IOException("an answer with neither Content-Length nor chunks: " + status);
            }
            return new Answer(code, closes);
        }

        private static long chunkSize(String line) {
            int extension = line.indexOf(';');
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        }

        private static void skip(InputStream in, long count) throws IOException {
            for (long left = count; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("the connection closed inside a body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        /** One CRLF-ended line of ASCII, without its end. */
        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); ; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection closed inside an answer's head");
                }
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
        }
    }
}
