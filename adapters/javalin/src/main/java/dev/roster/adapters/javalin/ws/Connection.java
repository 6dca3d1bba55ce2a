package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.domain.Identity;
import dev.roster.domain.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of this node: the socket, who opened it, its registered session once connect completed, and the
 * chain that handles its frames strictly one after the other without ever blocking a socket thread.
 */
public final class Connection {
    /** Frames waiting behind a slow one; a client that sends more without reading replies is closed. */
    public static final int MAX_IN_FLIGHT = 256;
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int MAX_REASON_BYTES = 123;

    private final CoreSession socket;
    private final Identity identity;
    private final String device;
    private final ServerFrames frames;
    private final WsMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * When the peer last sent a frame, pongs included ({@link System#nanoTime()}). Jetty's idle timeout counts the
     * server's own writes as activity, so its pings would keep a dead peer "active" forever; a peer that sends
     * nothing, not even the pong every ping asks for, is found from this instead.
     */
    private volatile long lastHeard;
    /** The one callback of every frame this connection sends: nothing to do on success, drop it on failure. */
    private final Callback whenSent = Callback.from(() -> { }, this::sendFailed);

    // guarded by this
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> connectStep = CompletableFuture.completedFuture(null);
    private Session session;
    private boolean ended;
    private Future<?> expiry;

    public Connection(CoreSession socket, Identity identity, String device,
                      ServerFrames frames, WsMetrics metrics) {
        this.socket = socket;
        this.identity = identity;
        this.device = device;
        this.frames = frames;
        this.metrics = metrics;
        this.lastHeard = System.nanoTime();
    }

    /** The peer sent something at {@code nanoTime}: a frame of any kind. */
    public void heard(long nanoTime) {
        lastHeard = nanoTime;
    }

    /** Nanoseconds from the last time the peer sent anything (or from the open) to {@code nanoTime}. */
    public long silentFor(long nanoTime) {
        return nanoTime - lastHeard;
    }

    public Identity identity() {
        return identity;
    }

    public String device() {
        return device;
    }

    /** The registered session; null until connect completed, or when it failed. */
    public synchronized Session session() {
        return session;
    }

    /** The connect step every frame waits behind; it completes once the session is registered or refused. */
    public synchronized void startWith(CompletableFuture<Void> step) {
        connectStep = step;
        tail = step;
    }

    public synchronized CompletableFuture<Void> connectStep() {
        return connectStep;
    }

    /**
     * Binds the registered session to this socket, running {@code bind} under the same lock as {@link #end},
     * so a socket that closes meanwhile is never left bound. False when the socket had already ended.
     */
    public synchronized boolean attach(Session registered, Runnable bind) {
        if (ended) {
            return false;
        }
        session = registered;
        bind.run();
        return true;
    }

    /**
     * Marks the socket ended; returns the session to disconnect, or null when none was attached (then a session
     * that registers later is refused by {@link #attach}).
     */
    public synchronized Session end() {
        ended = true;
        if (expiry != null) {
            expiry.cancel(false);
        }
        return session;
    }

    public synchronized void expiresWith(Future<?> timer) {
        if (ended) {
            timer.cancel(false);
        } else {
            expiry = timer;
        }
    }

    /**
     * Runs {@code step} after every frame enqueued before it has been handled. The step answers its own failures;
     * the chain goes on whatever happened.
     */
    public void enqueue(Supplier<? extends CompletionStage<Void>> step) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            close(1008, "too many frames waiting for a reply");
            return;
        }
        CompletableFuture<Void> previous;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            previous = tail;
            tail = done;
        }
        // the step runs outside this object's lock: it calls into the application, whose callbacks may need it
        previous.handle((v, e) -> null)
                .thenCompose(ignored -> run(step))
                .whenComplete((v, e) -> {
                    inFlight.decrementAndGet();
                    done.complete(null);
                });
    }

    private static CompletionStage<Void> run(Supplier<? extends CompletionStage<Void>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends one encoded frame and counts it by type; a send that fails (a dead or hopelessly slow client) ends the
     * connection.
     */
    public void send(String json, String type) {
        metrics.frameOut(type);
        send(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sends a frame already encoded as UTF-8 JSON, from its position to its limit, leaving {@code utf8} itself
     * untouched: one encoding of a broadcast serves every member it goes to. The broadcaster counts the frames.
     */
    public void send(ByteBuffer utf8) {
        socket.sendFrame(new Frame(OpCode.TEXT, utf8.slice()), whenSent, false);
    }

    public void sendError(FrameError error) {
        metrics.error(error.code());
        send(frames.error(error.code(), error.message(), error.re()), "error");
    }

    public void ping() {
        socket.sendFrame(new Frame(OpCode.PING), whenSent, false);
    }

    /** Closes the socket with a code and reason the client sees; the close handler then ends the session. */
    public void close(int code, String reason) {
        socket.close(code, fit(reason), Callback.from(() -> { }, failure -> socket.abort()));
    }

    /** A close reason is at most 123 bytes of UTF-8 on the wire. */
    static String fit(String reason) {
        if (reason == null) {
            return null;
        }
        // a character is at least one byte, so the cut only ever starts from the first 123 of them
        String fitted = reason.length() > MAX_REASON_BYTES ? reason.substring(0, MAX_REASON_BYTES) : reason;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted;
    }

    /** Drops the socket without a close handshake, for a peer that no longer reads. */
    public void abort() {
        socket.abort();
    }

    public boolean isOpen() {
        return socket.isOutputOpen();
    }

    private void sendFailed(Throwable failure) {
        if (!socket.isClosed()) {
            LOG.debug("send failed, dropping the connection of {}", identity.user(), failure);
            socket.abort();
        }
    }
}
