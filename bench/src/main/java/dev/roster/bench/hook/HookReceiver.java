package dev.roster.bench.hook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The webhook receiver the bench points its nodes at: the JDK's HTTP server on loopback, checking every request's
 * signature before it answers, as an integration must, then answering 200 at once and tallying the batch in
 * {@link Deliveries}. A request whose signature does not verify gets 401 and one whose body is not a batch 400;
 * both are counted, and either makes the node try the batch again.
 */
public final class HookReceiver implements AutoCloseable {
    /** How far a request's timestamp may be from the receiver's clock: the replay window. */
    static final long TOLERANCE_SECONDS = 300;

    static {
        // the JDK server leaves Nagle's algorithm on unless told; an answer held back for an ACK would be counted
        // as Roster's delivery time. Read once, when the server's configuration class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final byte[] secret;
    private final HookBatches batches;
    private final Deliveries deliveries;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();

    private HookReceiver(HttpServer server, byte[] secret, HookBatches batches, Deliveries deliveries, Clock clock) {
        this.server = server;
        this.secret = secret.clone();
        this.batches = batches;
        this.deliveries = deliveries;
        this.clock = clock;
        this.handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "hook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /** Listens on {@code port} of the loopback address (0: any free port) and serves until closed. */
    public static HookReceiver start(int port, byte[] secret, HookBatches batches, Deliveries deliveries,
                                     Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        HookReceiver receiver = new HookReceiver(server, secret, batches, deliveries, clock);
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received, whatever their answer. */
    public long requests() {
        return requests.get();
    }

    /** Requests refused with 401: no timestamp or signature, an old timestamp, or a signature that does not match. */
    public long badSignatures() {
        return badSignatures.get();
    }

    /** Requests refused with 400 (or 405 for another method than POST). */
    public long unreadable() {
        return unreadable.get();
    }

    /** Why the first refused request was refused, or null when none was. */
    public String firstProblem() {
        return firstProblem.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        List<HookEvent> batch;
        Instant received;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received = clock.instant();
            requests.incrementAndGet();
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 405, unreadable, exchange.getRequestMethod() + " instead of POST");
                return;
            }
            String timestamp = exchange.getRequestHeaders().getFirst("Roster-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("Roster-Signature");
            if (!HookSignature.verify(secret, timestamp, signature, body, received.getEpochSecond(),
                    TOLERANCE_SECONDS)) {
                refuse(exchange, 401, badSignatures, "signature did not verify (Roster-Timestamp " + timestamp + ")");
                return;
            }
            try {
                batch = batches.parse(body);
            } catch (IllegalArgumentException e) {
                refuse(exchange, 400, unreadable, e.getMessage());
                return;
            }
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
        // tallied once the answer is out: the node waits only for what an integration must do before answering
        deliveries.record(batch, received.getEpochSecond() * 1_000_000_000L + received.getNano());
    }

    private void refuse(HttpExchange exchange, int status, AtomicLong counter, String why) throws IOException {
        counter.incrementAndGet();
        firstProblem.compareAndSet(null, status + ": " + why);
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
