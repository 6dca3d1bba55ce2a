package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.limits.QueuedBytes;
import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.domain.Identity;
import dev.roster.domain.Session;
import java.nio.ByteBuffer;
import java.nio.channels.WritePendingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One WebSocket of this node: the socket, who opened it and from which address, its registered session once
 * connect completed, and the chain that handles its frames strictly one after the other without ever blocking a
 * socket thread.
 *
 * <p>What it sends is counted until written: a client that lets more than its bound pile up (it does not read) is
 * a slow consumer. Nothing more is queued for it and it is closed with 1013 at once; the close frame goes out behind
 * what was already queued (Jetty keeps that order), so a client that reads again gets the backlog and then the
 * close, and one that has not completed the close within {@link #CLOSE_GRACE} is dropped, its backlog with it.
 * Nothing ever waits for it: everyone else's deliveries go on as before.
 */
public final class Connection {
    /** Frames waiting behind a slow one; a client that sends more without reading replies is closed. */
    public static final int MAX_IN_FLIGHT = 256;
    /**
     * How long a client the server closes on its own account (rate limit, slow consumer) has to complete the close
     * before the connection is dropped: one that does not read never would.
     */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    // an attack makes many at once: a line every 10 s tells it, the metrics count them all
    private static final RateLimitedLog POLICY_CLOSES = new RateLimitedLog(LOG, Level.INFO, Duration.ofSeconds(10));
    private static final int MAX_REASON_BYTES = 123;

    private final CoreSession socket;
    private final Identity identity;
    private final String device;
    private final String address;
    private final ServerFrames frames;
    private final WsMetrics metrics;
    private final QueuedBytes queued;
    private final ScheduledExecutorService timers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<CloseCause> closing = new AtomicReference<>();
    /**
     * When the peer last sent a frame, pongs included ({@link System#nanoTime()}). Jetty's idle timeout counts the
     * server's own writes as activity, so its pings would keep a dead peer "active" forever; a peer that sends
     * nothing, not even the pong every ping asks for, is found from this instead.
     */
    private volatile long lastHeard;
    /** The one callback of every frame this connection sends: nothing to do on success, drop it on failure. */
    private final Callback whenSent = Callback.from(() -> { }, this::sendFailed);
    /**
     * Where this connection's text frames go when the socket is Jetty's own session: straight to the connection's
     * frame flusher, which orders, frames and writes them, past the session's per-frame layers (its flusher, the
     * fragmenter, the empty extension stack), which cost a lock, a queue and several callbacks each per frame and do
     * nothing for a whole, unmasked text frame with no extension. Null otherwise: then frames go through the session.
     */
    private final WebSocketConnection flusher;
    /** The frames handed to {@link #flusher} and not yet written; bounded as the session bounds its own. */
    private final AtomicInteger outgoing = new AtomicInteger();
    private final int maxOutgoing;

    // guarded by this
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> connectStep = CompletableFuture.completedFuture(null);
    private Session session;
    private boolean ended;
    private Future<?> expiry;

    /** A connection with nothing bounding what it queues, from an address nobody knows. */
    public Connection(CoreSession socket, Identity identity, String device,
                      ServerFrames frames, WsMetrics metrics) {
        this(socket, identity, device, "unknown", frames, metrics, new QueuedBytes(Long.MAX_VALUE), null);
    }

    /**
     * @param address the client's address, for log lines
     * @param queued  the bound on what may wait to be written to it
     * @param timers  where the drop of a client that does not complete a close is scheduled; null never drops it
     */
    public Connection(CoreSession socket, Identity identity, String device, String address, ServerFrames frames,
                      WsMetrics metrics, QueuedBytes queued, ScheduledExecutorService timers) {
        this.socket = socket;
        this.identity = identity;
        this.device = device;
        this.address = address;
        this.frames = frames;
        this.metrics = metrics;
        this.queued = queued;
        this.timers = timers;
        this.lastHeard = System.nanoTime();
        this.flusher = socket instanceof WebSocketCoreSession jetty ? jetty.getConnection() : null;
        this.maxOutgoing = socket.getMaxOutgoingFrames() > 0 ? socket.getMaxOutgoingFrames() : Integer.MAX_VALUE;
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

    /** The client's address: the peer, or the client a trusted proxy forwarded. */
    public String address() {
        return address;
    }

    /** Why the connection is closing or closed; {@link CloseCause#PEER} when nothing on this side decided it. */
    public CloseCause closeCause() {
        CloseCause cause = closing.get();
        return cause == null ? CloseCause.PEER : cause;
    }

    /** The socket ended: if nothing on this side had decided to close it, the peer did. */
    void endedByPeer() {
        decide(CloseCause.PEER);
    }

    /** Records why the connection closes, and counts it, if nothing had been decided yet. */
    private boolean decide(CloseCause cause) {
        if (!closing.compareAndSet(null, cause)) {
            return false;
        }
        metrics.closedFor(cause.tag());
        return true;
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

    private synchronized boolean ended() {
        return ended;
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
            close(1008, "too many frames waiting for a reply", CloseCause.BACKLOG);
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
     * Never waits: a frame that would take the client over its bound closes it as a slow consumer instead.
     */
    public void send(ByteBuffer utf8) {
        ByteBuffer payload = utf8.slice();
        int size = payload.remaining();
        if (!queued.add(size)) {
            slowConsumer();
            return;
        }
        Frame frame = new Frame(OpCode.TEXT, payload);
        if (flusher == null) {
            socket.sendFrame(frame, new Sent(size, false), false);
            return;
        }
        if (outgoing.incrementAndGet() > maxOutgoing) {
            // the same bound the session puts on the frames it queues: many small frames, not read
            outgoing.decrementAndGet();
            queued.remove(size);
            slowConsumer();
            return;
        }
        // every text frame of this connection goes this way, so they keep their order; the flusher refuses (fails
        // the callback) once a close frame reached it, and puts a close sent after them behind them
        flusher.enqueueFrame(new OutgoingEntry.Builder(frame, new Sent(size, true)).build());
    }

    /** Bytes handed to the socket and not yet written. */
    public long queuedBytes() {
        return queued.queued();
    }

    public void sendError(FrameError error) {
        metrics.error(error.code());
        send(frames.error(error.code(), error.message(), error.re()), "error");
    }

    public void ping() {
        socket.sendFrame(new Frame(OpCode.PING), whenSent, false);
    }

    /**
     * Closes the socket with a code and reason the client sees, for {@code cause}; the close handler then ends the
     * session.
     */
    public void close(int code, String reason, CloseCause cause) {
        decide(cause);
        socket.close(code, fit(reason), Callback.from(() -> { }, failure -> socket.abort()));
    }

    /**
     * Closes the connection on the server's own account ({@link CloseCause#RATE_LIMITED},
     * {@link CloseCause#SLOW_CONSUMER}) unless it is closing already; drops it, with whatever is still queued for
     * it, if the client has not completed the close within {@link #CLOSE_GRACE}. False when it was closing already.
     */
    public boolean closeForPolicy(int code, String reason, CloseCause cause) {
        if (!decide(cause)) {
            return false;
        }
        POLICY_CLOSES.log("closing the connection of {} from {} ({}): {}", identity.user(), address, cause.tag(),
                reason);
        socket.close(code, fit(reason), Callback.from(() -> { }, failure -> socket.abort()));
        if (timers != null) {
            // the socket counts itself closed once its close is sent; only its end says the client answered
            timers.schedule(() -> {
                if (!ended()) {
                    socket.abort();
                }
            }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private void slowConsumer() {
        closeForPolicy(1013, "too much unread: the client does not keep up", CloseCause.SLOW_CONSUMER);
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
    public void abort(CloseCause cause) {
        decide(cause);
        socket.abort();
    }

    public boolean isOpen() {
        return socket.isOutputOpen();
    }

    private void sendFailed(Throwable failure) {
        if (failure instanceof WritePendingException) {
            // the socket's own bound on queued frames: many small frames, not read
            slowConsumer();
            return;
        }
        if (closing.get() != null) {
            // a close is under way, which fails what was queued before it; its own callback drops a broken socket
            return;
        }
        if (!socket.isClosed()) {
            LOG.debug("send failed, dropping the connection of {} from {}", identity.user(), address, failure);
            abort(CloseCause.SEND_FAILED);
        }
    }

    /** The callback of one sent frame: its bytes no longer count once it is written or dropped. */
    private final class Sent implements Callback {
        private final int size;
        private final boolean counted;

        Sent(int size, boolean counted) {
            this.size = size;
            this.counted = counted;
        }

        @Override
        public void succeeded() {
            done();
        }

        @Override
        public void failed(Throwable failure) {
            done();
            sendFailed(failure);
        }

        private void done() {
            queued.remove(size);
            if (counted) {
                outgoing.decrementAndGet();
            }
        }
    }
}
