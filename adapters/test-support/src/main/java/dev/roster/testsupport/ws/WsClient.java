package dev.roster.testsupport.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) of one test user, for tests of any module that talk to a node's
 * {@code /ws}. Every text frame is parsed as JSON and kept twice: in the full history ({@link #frames()}), and in
 * arrival order for the test to take one by one ({@link #next()}) or by type ({@link #expect}), which leaves
 * unrelated frames for later expectations so that they never make a test flaky. A frame that is not JSON is kept as
 * one of type {@code not-json} with the text under {@code raw}.
 */
public final class WsClient implements AutoCloseable {
    /** How long a test waits for what should come; long enough for a loaded CI machine. */
    public static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the server closed the socket. */
    public record Closed(int code, String reason) {
    }

    private final List<JsonNode> history = new CopyOnWriteArrayList<>();
    private final BlockingQueue<JsonNode> arrived = new LinkedBlockingQueue<>();
    private final List<JsonNode> pending = new ArrayList<>();
    private final CompletableFuture<JsonNode> welcome = new CompletableFuture<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean closedByServer;
    private volatile WebSocket socket;

    private WsClient() {
    }

    /** Opens a socket and returns once the handshake is done (the welcome may still be on its way). */
    public static WsClient connect(URI uri) {
        return connect(HttpClient.newHttpClient(), uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        return connect(HttpClient.newHttpClient(), uri, headers);
    }

    public static WsClient connect(HttpClient http, URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        try {
            client.socket = builder(http, headers).buildAsync(uri, client.listener())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no handshake with " + uri + " within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting", e);
        }
    }

    /** Opens a socket as {@code user} on the node at {@code port} and waits for its welcome: the user is online. */
    public static WsClient connect(HttpClient http, int port, String user) {
        return connect(http, port, user, null);
    }

    /** As {@link #connect(HttpClient, int, String)}, from a device ({@code null} for none). */
    public static WsClient connect(HttpClient http, int port, String user, String device) {
        WsClient client = start(http, userUri(port, user, device));
        client.welcome();
        return client;
    }

    /**
     * Opens {@code count} sockets named {@code prefix} plus a four-digit number, at most {@code inFlight} handshakes
     * at a time, and waits for every welcome.
     */
    public static List<WsClient> connectMany(HttpClient http, int port, String prefix, int count, int inFlight) {
        List<WsClient> clients = new ArrayList<>(count);
        Semaphore slots = new Semaphore(inFlight);
        try {
            for (int i = 0; i < count; i++) {
                if (!slots.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("handshakes stalled after " + i + " sockets");
                }
                WsClient client = start(http, userUri(port, prefix + String.format("%04d", i), null));
                clients.add(client);
                client.welcome.whenComplete((w, e) -> slots.release());
            }
            clients.forEach(WsClient::welcome);
            return clients;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting", e);
        } catch (RuntimeException | AssertionError e) {
            clients.forEach(WsClient::close);
            throw e;
        }
    }

    /** The address of a node's socket for {@code user} (and {@code device}, unless null). */
    public static URI userUri(int port, String user, String device) {
        String query = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (device == null ? "" : "&device=" + URLEncoder.encode(device, StandardCharsets.UTF_8));
        return URI.create("ws://127.0.0.1:" + port + "/ws?" + query);
    }

    /**
     * Opens a socket as {@code user} on the node at {@code port} and returns once the handshake is done, without
     * waiting for the welcome (a node may hold it back while its store is away).
     */
    public static WsClient open(int port, String user) {
        return connect(HttpClient.newHttpClient(), userUri(port, user, null), Map.of());
    }

    /** Starts a handshake without waiting for it; a failed one fails {@link #welcome()}. */
    private static WsClient start(HttpClient http, URI uri) {
        WsClient client = new WsClient();
        builder(http, Map.of()).buildAsync(uri, client.listener()).whenComplete((ws, failure) -> {
            if (failure != null) {
                client.welcome.completeExceptionally(failure);
            } else {
                client.socket = ws;
            }
        });
        return client;
    }

    /** The HTTP status a refused handshake answered with; fails if the handshake is accepted. */
    public static int refusedStatus(URI uri, Map<String, String> headers) {
        return refusedStatus(HttpClient.newHttpClient(), uri, headers);
    }

    public static int refusedStatus(HttpClient http, URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket accepted;
        try {
            accepted = builder(http, headers).buildAsync(uri, client.listener())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake failed without an HTTP answer", e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to the handshake within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting", e);
        }
        accepted.abort();
        throw new AssertionError("the handshake was accepted");
    }

    private static WebSocket.Builder builder(HttpClient http, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        return builder;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            // set here, before any frame arrives: buildAsync's own completion may run after the welcome
            @Override
            public void onOpen(WebSocket ws) {
                socket = ws;
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode frame = parse(partial.toString());
                    partial.setLength(0);
                    history.add(frame);
                    arrived.add(frame);
                    if ("welcome".equals(frame.path("type").asText())) {
                        welcome.complete(frame);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closedByServer = true;
                closed.complete(new Closed(statusCode, reason));
                welcome.completeExceptionally(new IllegalStateException("closed before welcome: " + statusCode));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(new Closed(1006, String.valueOf(error)));
                welcome.completeExceptionally(error);
            }
        };
    }

    /** The welcome frame, waiting for it if need be (it stays among the frames to take). */
    public JsonNode welcome() {
        return await(welcome, "no welcome");
    }

    public String session() {
        return welcome().path("session").asText();
    }

    public String user() {
        return welcome().path("user").asText();
    }

    public WsClient send(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return this;
    }

    public WsClient send(JsonNode frame) {
        return send(frame.toString());
    }

    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return this;
    }

    /** Every frame received so far, in order, whether taken or not. */
    public List<JsonNode> frames() {
        return List.copyOf(history);
    }

    /** The frames of this type received so far. */
    public List<JsonNode> frames(String type) {
        return history.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Whether a frame of this type has arrived. */
    public boolean got(String type) {
        return history.stream().anyMatch(f -> type.equals(f.path("type").asText()));
    }

    /** The states announced for {@code user} in {@code room}, in arrival order. */
    public List<String> presenceOf(String user, String room) {
        return history.stream().filter(f -> "presence".equals(f.path("type").asText())
                        && user.equals(f.path("user").asText()) && room.equals(f.path("room").asText()))
                .map(f -> f.path("state").asText()).toList();
    }

    /** The next frame not taken yet; fails if none arrives within {@link #WAIT}. */
    public synchronized JsonNode next() {
        JsonNode frame = poll(WAIT);
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT);
        }
        return frame;
    }

    /** The next frame not taken yet if one arrives within {@code wait}, else null. */
    public synchronized JsonNode poll(Duration wait) {
        if (!pending.isEmpty()) {
            return pending.remove(0);
        }
        return take(wait.toNanos());
    }

    /** The first frame of this type not taken yet, waiting for it if need be. */
    public JsonNode expect(String type) {
        return expect(type, frame -> true);
    }

    /** The first frame of this type that matches, waiting for it if need be. */
    public synchronized JsonNode expect(String type, Predicate<JsonNode> matching) {
        Predicate<JsonNode> wanted = frame -> type.equals(frame.path("type").asText()) && matching.test(frame);
        for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
            JsonNode frame = it.next();
            if (wanted.test(frame)) {
                it.remove();
                return frame;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode frame = take(deadline - System.nanoTime());
            if (frame == null) {
                throw new AssertionError("no " + type + " frame within " + WAIT + "; still unread: " + pending);
            }
            if (wanted.test(frame)) {
                return frame;
            }
            pending.add(frame);
        }
    }

    /** The reply to the frame sent with this id: the first frame of this type whose {@code re} is that id. */
    public JsonNode reply(String type, long id) {
        return expect(type, frame -> frame.path("re").isNumber() && frame.path("re").asLong() == id);
    }

    /** Every frame of this type that matches, among those received and not yet taken. */
    public synchronized List<JsonNode> unread(String type, Predicate<JsonNode> matching) {
        arrived.drainTo(pending);
        return pending.stream()
                .filter(frame -> type.equals(frame.path("type").asText()) && matching.test(frame))
                .toList();
    }

    private JsonNode take(long nanos) {
        try {
            return nanos <= 0 ? arrived.poll() : arrived.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a frame", e);
        }
    }

    /** How the server closed this socket (1006 if the connection broke), waiting for it. */
    public Closed awaitClose() {
        return await(closed, "the server did not close the socket");
    }

    private static <T> T await(CompletableFuture<T> future, String failure) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(failure + " within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + failure + " yet", e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !closed.isDone() && !ws.isInputClosed() && !ws.isOutputClosed();
    }

    /** Drops the connection without a close handshake, as a crashed client or a lost network would. */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /**
     * Closes like a browser tab does: a normal close, then the server's answer, which must be a normal close too. A
     * socket the server closed already, or a connection that no longer carries the close, is just dropped.
     */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        if (ws.isOutputClosed() || closed.isDone()) {
            ws.abort();
            return;
        }
        Closed answer;
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            answer = closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ws.abort();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
            return;
        }
        if (closedByServer && answer.code() != WebSocket.NORMAL_CLOSURE) {
            throw new AssertionError("the server answered a normal close with " + answer);
        }
    }

    /** Closes many sockets at once: every close is sent first, then each answer awaited. */
    public static void closeAll(List<WsClient> clients) {
        List<CompletableFuture<?>> pending = new ArrayList<>(clients.size());
        for (WsClient c : clients) {
            WebSocket ws = c.socket;
            if (ws != null && !ws.isOutputClosed() && !c.closed.isDone()) {
                pending.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").thenCompose(x -> c.closed));
            }
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            clients.forEach(WsClient::abort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("type", "not-json").put("raw", text);
        }
    }
}
