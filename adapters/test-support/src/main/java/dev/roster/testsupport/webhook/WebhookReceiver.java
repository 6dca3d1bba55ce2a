package dev.roster.testsupport.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver for tests: a JDK {@link HttpServer} on a free loopback port that takes what a node POSTs
 * to {@link #url()}, checks it the way an integration must (the {@code Roster-Signature} header is {@code v1=} and
 * the lowercase hex HMAC-SHA256 of {@code "<Roster-Timestamp>.<body>"} keyed with the secret, the timestamp is
 * recent, the body is {@code {"events":[...]}}), and records every request and every event it acknowledged, with
 * its arrival time, so that a test can count what arrived twice ({@link #doubles()}) or never.
 *
 * <p>The signature is checked here with the JDK's {@link Mac}, not with the server's own helper, so that a wrong
 * signature on both sides cannot pass. A request that fails a check is answered 401 (or 400) and acknowledges
 * nothing; {@link #problems()} says what was wrong.
 *
 * <p>A test steers it: {@link #answerWith} a status (500: the node must retry), {@link #holdEachFor} a while before
 * answering (a slow receiver, still acknowledging), {@link #hangFor} longer than the node waits (then refuse: the
 * node gave up, so nothing is acknowledged), {@link #stop()} listening (connection refused) and {@link #start()}
 * again on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/hook";
    private static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final int HANG_ANSWER = 503;

    /** One event the receiver acknowledged (answered 2xx), in arrival order. */
    public record Received(String id, String type, String user, JsonNode event, Instant arrivedAt, int request) {
    }

    /**
     * One request, whatever it was answered.
     *
     * @param number    the request's number, from 1, in arrival order
     * @param arrivedAt when its body was read
     * @param answered  the status it was answered with, 0 while it is being held
     * @param events    the events it carried (empty when its body was not readable)
     * @param problem   why it was refused by the checks, null when it passed them
     */
    public record Request(int number, Instant arrivedAt, int answered, List<JsonNode> events, String problem) {
    }

    /** How the receiver answers from now on. */
    private record Behaviour(int status, Duration hold, boolean hang) {
    }

    private final byte[] secret;
    private final ExecutorService handlers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Request> requests = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Integer> seen = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private volatile Behaviour behaviour = new Behaviour(200, Duration.ZERO, false);
    private int port;
    private HttpServer server;

    private WebhookReceiver(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
    }

    /** A receiver listening on a free loopback port, checking signatures made with {@code secret} (UTF-8). */
    public static WebhookReceiver start(String secret) {
        WebhookReceiver receiver = new WebhookReceiver(secret);
        receiver.listen(0);
        return receiver;
    }

    /** What {@code ROSTER_WEBHOOK_URL} is set to. */
    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    public synchronized int port() {
        return port;
    }

    /** Answers every request from now on with {@code status} (2xx acknowledges), without holding it. */
    public void answerWith(int status) {
        behaviour = new Behaviour(status, Duration.ZERO, false);
    }

    /** Answers 200 at once from now on. */
    public void accept() {
        answerWith(200);
    }

    /** Holds every request from now on for {@code hold} before answering it 200: a slow receiver that acknowledges. */
    public void holdEachFor(Duration hold) {
        behaviour = new Behaviour(200, hold, false);
    }

    /**
     * Holds every request from now on for {@code hang} (longer than the node waits), then refuses it with 503: the
     * node gave up waiting, so nothing is acknowledged.
     */
    public void hangFor(Duration hang) {
        behaviour = new Behaviour(HANG_ANSWER, hang, true);
    }

    /** Stops listening: connections are refused until {@link #start()}. What was recorded stays. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again, on the same port. */
    public synchronized void start() {
        if (server == null) {
            listen(port);
        }
    }

    private synchronized void listen(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            s.createContext(PATH, this::handle);
            s.setExecutor(handlers);
            s.start();
            server = s;
            port = s.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + onPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            Behaviour now = behaviour;
            byte[] body = readBody(exchange.getRequestBody());
            Instant arrivedAt = Instant.now();
            List<JsonNode> events = new ArrayList<>();
            String problem = check(exchange, body, arrivedAt, events);
            int number = arrived(arrivedAt, events, problem);
            int status = problem == null ? now.status() : problem.startsWith("signature") ? 401 : 400;
            if (problem == null && !now.hold().isZero()) {
                pause(now.hold());
            }
            answered(number, status);
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY);
        if (in.read() >= 0) {
            throw new IOException("a webhook body over " + MAX_BODY + " bytes");
        }
        return body;
    }

    /** What is wrong with the request, null when nothing is; {@code events} gets the body's events. */
    private String check(HttpExchange exchange, byte[] body, Instant now, List<JsonNode> events) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return "method " + exchange.getRequestMethod();
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "content type " + type;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return "body is not JSON: " + e.getMessage();
        }
        if (json == null || !json.path("events").isArray() || json.path("events").isEmpty()) {
            return "body is not {\"events\":[...]} with at least one event: " + json;
        }
        json.path("events").forEach(events::add);
        String timestamp = exchange.getRequestHeaders().getFirst("Roster-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("Roster-Signature");
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
            return "signature: Roster-Timestamp is " + timestamp;
        }
        if (signature == null || !signature.matches("v1=[0-9a-f]{64}")) {
            return "signature: Roster-Signature is " + signature;
        }
        byte[] expected = ("v1=" + sign(timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return "signature: does not verify with the secret";
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), now).abs();
        if (skew.compareTo(TIMESTAMP_TOLERANCE) > 0) {
            return "signature: Roster-Timestamp " + timestamp + " is " + skew + " away from now";
        }
        return null;
    }

    /** The lowercase hex HMAC-SHA256 of {@code "<timestamp>.<body>"} with the secret. */
    private String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JDK", e);
        }
    }

    /** Records a request as it arrives, before it is answered; returns its number. */
    private synchronized int arrived(Instant arrivedAt, List<JsonNode> events, String problem) {
        Request request = new Request(requests.size() + 1, arrivedAt, 0, List.copyOf(events), problem);
        requests.add(request);
        if (problem != null) {
            problems.add("request " + request.number() + ": " + problem);
        }
        return request.number();
    }

    /** Records the answer to a request; a 2xx acknowledges its events, in their order. */
    private synchronized void answered(int number, int status) {
        Request request = requests.get(number - 1);
        requests.set(number - 1, new Request(number, request.arrivedAt(), status, request.events(),
                request.problem()));
        if (request.problem() != null || status < 200 || status > 299) {
            return;
        }
        for (JsonNode event : request.events()) {
            String id = event.path("id").asText(null);
            received.add(new Received(id, event.path("type").asText(null), event.path("user").asText(null), event,
                    request.arrivedAt(), number));
            seen.merge(String.valueOf(id), 1, Integer::sum);
        }
    }

    private static void pause(Duration hold) {
        try {
            Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every event acknowledged so far, in arrival order, doubles included. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The ids of every event acknowledged so far, in arrival order, doubles included. */
    public synchronized List<String> receivedIds() {
        return received.stream().map(Received::id).toList();
    }

    /** The ids acknowledged more than once, with how many times each was. */
    public synchronized Map<String, Integer> doubles() {
        Map<String, Integer> doubles = new LinkedHashMap<>();
        seen.forEach((id, times) -> {
            if (times > 1) {
                doubles.put(id, times);
            }
        });
        return doubles;
    }

    /** Every request so far, in arrival order, whatever it was answered (0 for one still held). */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** What was wrong with each request that failed a check (signature, body, method), in arrival order. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** How many requests are being handled (read, held or answered) right now. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        stop();
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
