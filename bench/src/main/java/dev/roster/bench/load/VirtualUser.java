package dev.roster.bench.load;

import dev.roster.bench.proto.Frame;
import dev.roster.bench.proto.FrameFormatException;
import dev.roster.bench.proto.Frames;
import dev.roster.bench.ws.WsConnection;
import dev.roster.bench.ws.WsListener;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One simulated client connection: a user id, the {@code welcome} it waits for, and whatever the scenario does
 * with the frames after it. Frames that cannot be parsed are counted, never thrown on the client's I/O thread.
 */
public final class VirtualUser implements WsListener {
    private final String user;
    private final Frames frames;
    private final Consumer<Frame> onFrame;
    private final CompletableFuture<Frame> welcome = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong badFrames;
    private volatile WsConnection connection;
    private final Map<String, CompletableFuture<Frame>> replies = new ConcurrentHashMap<>();
    private volatile boolean leaving;

    /**
     * @param onFrame   gets every frame after the welcome; runs on an I/O thread, so it must be quick
     * @param badFrames counts frames that are not JSON objects with a type, shared by a crowd
     */
    public VirtualUser(String user, Frames frames, Consumer<Frame> onFrame, AtomicLong badFrames) {
        this.user = user;
        this.frames = frames;
        this.onFrame = onFrame;
        this.badFrames = badFrames;
    }

    public String user() {
        return user;
    }

    /** Completes with the {@code welcome} frame, or exceptionally if the connection closes first. */
    public CompletableFuture<Frame> welcome() {
        return welcome;
    }

    /** Completes with the close code once the connection is closed. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    void attach(WsConnection opened) {
        this.connection = opened;
        // a close asked for while the handshake was still going on is carried out now
        if (leaving) {
            opened.close();
        }
    }

    /** Whether this user was closed on purpose (by the scenario), as opposed to by the server or the network. */
    public boolean leaving() {
        return leaving;
    }

    public boolean isOpen() {
        WsConnection c = connection;
        return c != null && c.isOpen() && !closed.isDone();
    }

    public CompletableFuture<Void> send(String text) {
        WsConnection c = connection;
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(user + " is not connected"));
        }
        return c.send(text);
    }

    /** Sends a client frame that carries {@code id}; completes with the server's frame whose {@code re} is it. */
    public CompletableFuture<Frame> request(String frame, String id) {
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        replies.put(id, reply);
        send(frame).whenComplete((sent, error) -> {
            if (error != null) {
                replies.remove(id);
                reply.completeExceptionally(error);
            }
        });
        return reply;
    }

    public void close() {
        leaving = true;
        WsConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void onText(String text) {
        Frame frame;
        try {
            frame = frames.parse(text);
        } catch (FrameFormatException e) {
            badFrames.incrementAndGet();
            return;
        }
        if (!welcome.isDone() && frame.is("welcome")) {
            welcome.complete(frame);
            return;
        }
        if (frame.re() != null) {
            CompletableFuture<Frame> reply = replies.remove(frame.re());
            if (reply != null) {
                reply.complete(frame);
            }
        }
        onFrame.accept(frame);
    }

    @Override
    public void onClosed(int code, String reason) {
        welcome.completeExceptionally(new IllegalStateException(user + " closed before welcome: " + code + " " + reason));
        closed.complete(code);
        replies.values().forEach(r -> r.completeExceptionally(new IllegalStateException(user + " closed: " + code + " " + reason)));
    }
}
