package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of one test user. Frames are kept in arrival order; {@link #expect} takes the first frame
 * of a type and leaves the others for later expectations, so unrelated frames never make a test flaky.
 */
final class WsClient implements AutoCloseable {
    /** How long a test waits for a frame that should come; long enough for a loaded CI machine. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> arrived = new LinkedBlockingQueue<>();
    private final List<JsonNode> pending = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private JsonNode welcome;

    WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    arrived.add(parse(partial.toString()));
                    partial.setLength(0);
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
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
    }

    void opened(WebSocket socket) {
        this.socket = socket;
        this.welcome = expect("welcome");
    }

    JsonNode welcome() {
        return welcome;
    }

    String session() {
        return welcome.path("session").asText();
    }

    WsClient send(JsonNode frame) {
        return sendText(frame.toString());
    }

    WsClient sendText(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return this;
    }

    WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return this;
    }

    /** The first frame of this type not taken yet, waiting for it if need be. */
    JsonNode expect(String type) {
        return expect(type, frame -> true);
    }

    /** The first frame of this type that matches, waiting for it if need be. */
    JsonNode expect(String type, Predicate<JsonNode> matching) {
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
            JsonNode frame = poll(deadline - System.nanoTime());
            if (frame == null) {
                throw new AssertionError("no " + type + " frame within " + WAIT + "; still unread: " + pending);
            }
            if (wanted.test(frame)) {
                return frame;
            }
            pending.add(frame);
        }
    }

    /** The reply to the frame sent with this id: the first frame whose {@code re} is that id. */
    JsonNode reply(String type, long id) {
        return expect(type, frame -> frame.path("re").isNumber() && frame.path("re").asLong() == id);
    }

    /** Every frame of this type that matches, among those received and not yet taken. */
    List<JsonNode> unread(String type, Predicate<JsonNode> matching) {
        arrived.drainTo(pending);
        return pending.stream()
                .filter(frame -> type.equals(frame.path("type").asText()) && matching.test(frame))
                .toList();
    }

    /** The close code the server sent. */
    int awaitClose() {
        return closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /** Closes like a browser tab does: a normal close, then waits for the server's answer. */
    @Override
    public void close() {
        if (socket == null || socket.isOutputClosed()) {
            return;
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(awaitClose()).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    /** Drops the connection without a close handshake, as a crashed client or a lost network would. */
    void abort() {
        socket.abort();
    }

    private JsonNode poll(long nanos) {
        try {
            return nanos <= 0 ? null : arrived.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a frame", e);
        }
    }

    // runs on the client's thread, where throwing would be lost: a frame that is not JSON is kept as one that no
    // expectation of a protocol type matches, and shows in the failure message
    private static JsonNode parse(String text) {
        try {
            return Frames.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Frames.frame("not-json-from-server").put("raw", text);
        }
    }
}
