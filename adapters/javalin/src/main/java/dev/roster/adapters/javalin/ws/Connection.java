package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.application.port.in.AuthenticateUseCase.Identity;
import dev.roster.domain.Session;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
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
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private final org.eclipse.jetty.websocket.api.Session socket;
    private final Identity identity;
    private final String device;
    private final ServerFrames frames;
    private final WsMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final SocketAddress remote;

    // guarded by this
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> connectStep = CompletableFuture.completedFuture(null);
    private Session session;
    private boolean ended;
    private Future<?> expiry;

    public Connection(org.eclipse.jetty.websocket.api.Session socket, Identity identity, String device,
                      ServerFrames frames, WsMetrics metrics) {
        this.socket = socket;
        this.identity = identity;
        this.device = device;
        this.frames = frames;
        this.metrics = metrics;
        this.remote = socket.getRemoteSocketAddress();
    }

    /** The peer's address, which names this TCP connection; null when unknown. */
    public SocketAddress remote() {
        return remote;
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

    /** Sends one encoded frame; a send that fails (a dead or hopelessly slow client) ends the connection. */
    public void send(String json, String type) {
        socket.sendText(json, Callback.from(() -> metrics.frameOut(type), this::sendFailed));
    }

    public void sendError(FrameError error) {
        metrics.error(error.code());
        send(frames.error(error.code(), error.message(), error.re()), "error");
    }

    public void ping() {
        socket.sendPing(NO_PAYLOAD.duplicate(), Callback.from(() -> { }, this::sendFailed));
    }

    /** Closes the socket with a code and reason the client sees; the close handler then ends the session. */
    public void close(int code, String reason) {
        socket.close(code, fit(reason), Callback.from(() -> { }, failure -> socket.disconnect()));
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
        socket.disconnect();
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    private void sendFailed(Throwable failure) {
        if (socket.isOpen()) {
            LOG.debug("send failed, dropping the connection of {}", identity.user(), failure);
            socket.disconnect();
        }
    }
}
