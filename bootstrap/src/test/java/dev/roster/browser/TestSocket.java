package dev.roster.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A user's WebSocket to a node, as a non-browser client opens it; keeps its frames and how it was closed. */
final class TestSocket implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the server ended the connection. */
    record Closed(int code, String reason) {
    }

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> welcome = new CompletableFuture<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    /** Opens a socket as {@code user} and waits for its welcome, so the user is online when this returns. */
    static TestSocket connect(HttpClient http, int port, String user) {
        TestSocket socket = open(http, port, user, null);
        socket.awaitWelcome();
        return socket;
    }

    static TestSocket connect(HttpClient http, int port, String user, String device) {
        TestSocket socket = open(http, port, user, device);
        socket.awaitWelcome();
        return socket;
    }

    /**
     * Opens {@code count} sockets named {@code prefix} plus a four-digit number, at most {@code inFlight} handshakes
     * at a time, and waits for every welcome.
     */
    static List<TestSocket> connectMany(HttpClient http, int port, String prefix, int count, int inFlight) {
        List<TestSocket> sockets = new ArrayList<>(count);
        Semaphore slots = new Semaphore(inFlight);
        try {
            for (int i = 0; i < count; i++) {
                if (!slots.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("handshakes stalled after " + i + " sockets");
                }
                TestSocket socket = open(http, port, prefix + String.format("%04d", i), null);
                sockets.add(socket);
                socket.welcome.whenComplete((w, e) -> slots.release());
            }
            for (TestSocket socket : sockets) {
                socket.awaitWelcome();
            }
            return sockets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting", e);
        } catch (RuntimeException | AssertionError e) {
            sockets.forEach(TestSocket::close);
            throw e;
        }
    }

    private static TestSocket open(HttpClient http, int port, String user, String device) {
        TestSocket socket = new TestSocket();
        String query = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (device == null ? "" : "&device=" + URLEncoder.encode(device, StandardCharsets.UTF_8));
        http.newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?" + query), socket.listener())
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        socket.welcome.completeExceptionally(failure);
                    } else {
                        socket.socket = ws;
                    }
                });
        return socket;
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
                    frames.add(frame);
                    if ("welcome".equals(frame.path("type").asText())) {
                        welcome.complete(frame);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                welcome.completeExceptionally(new IllegalStateException("closed before welcome: " + statusCode));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
                welcome.completeExceptionally(error);
            }
        };
    }

    private JsonNode awaitWelcome() {
        try {
            return welcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no welcome within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a welcome", e);
        }
    }

    String session() {
        return awaitWelcome().path("session").asText();
    }

    String user() {
        return awaitWelcome().path("user").asText();
    }

    void send(String frame) {
        socket.sendText(frame, true).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    /** The frames of this type received so far. */
    List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** How the server closed this socket, waiting for it. */
    Closed awaitClosed() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the socket within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the close", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** A normal close, as a browser tab sends it; waits for the server's answer. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed() || closed.isDone()) {
            if (ws != null) {
                ws.abort();
            }
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ws.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
        }
    }

    /** Closes many sockets at once: every close is sent first, then each answer awaited. */
    static void closeAll(List<TestSocket> sockets) {
        List<CompletableFuture<?>> pending = new ArrayList<>(sockets.size());
        for (TestSocket s : sockets) {
            WebSocket ws = s.socket;
            if (ws != null && !ws.isOutputClosed() && !s.closed.isDone()) {
                pending.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").thenCompose(x -> s.closed));
            }
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            sockets.forEach(s -> {
                if (s.socket != null) {
                    s.socket.abort();
                }
            });
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
