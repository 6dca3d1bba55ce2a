package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.limits.FrameBudget;
import dev.roster.adapters.javalin.limits.FrameBudget.Verdict;
import dev.roster.adapters.javalin.limits.QueuedBytes;
import dev.roster.adapters.javalin.limits.WebLimits;
import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.domain.Identity;
import dev.roster.application.port.in.ConnectUseCase;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.DisconnectUseCase;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The {@code /ws} endpoint after the upgrade: registers the session, sends {@code welcome}, feeds frames in order
 * to the dispatcher, and ends the session exactly once whatever closes the socket. Jetty's core WebSocket server drives
 * it through {@link Socket} (ADR 9): nothing of the upgrade request is kept once the socket is open.
 *
 * <p>It applies the per-connection {@link WebLimits}: a frame over the connection's rate is answered
 * {@code rate_limited} (sparingly) and not acted on, and one still over it {@link FrameBudget#SUSTAINED} later is
 * closed with 1008; a client that does not read is closed with 1013 (see {@link Connection}); a {@code say} text
 * over its size is answered {@code too_large}.
 */
public final class WsEndpoint {
    /**
     * The largest message a socket assembles; a larger one closes the socket with 1009. Above the protocol's own
     * 64 KiB, so that up to this size the adapter answers {@code too_large} itself and the connection stays open.
     */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);
    // a store outage fails every disconnect at once: a few lines tell it, the counter counts them all
    private final RateLimitedLog failedDisconnects = new RateLimitedLog(LOG, Level.WARN, Duration.ofSeconds(10));

    private final ConnectUseCase connect;
    private final DisconnectUseCase disconnect;
    private final Connections connections;
    private final ServerFrames frames;
    private final FrameDecoder decoder;
    private final FrameDispatcher dispatcher;
    private final WsMetrics metrics;
    private final ScheduledExecutorService timers;
    private final Duration idleTimeout;
    private final WebLimits limits;

    public WsEndpoint(ConnectUseCase connect, DisconnectUseCase disconnect, FrameDispatcher dispatcher,
                      Connections connections, ServerFrames frames, WsMetrics metrics, ScheduledExecutorService timers,
                      Duration idleTimeout, WebLimits limits) {
        this.connect = connect;
        this.disconnect = disconnect;
        this.connections = connections;
        this.frames = frames;
        this.decoder = new FrameDecoder(frames.mapper(), limits.maxTextBytes());
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.timers = timers;
        this.idleTimeout = idleTimeout;
        this.limits = limits;
    }

    /** The socket of an accepted handshake: what Jetty calls as frames arrive and when the socket ends. */
    Socket socket(Accepted accepted) {
        return new Socket(events, accepted, MAX_MESSAGE_BYTES, FrameBudget.of(limits, System.nanoTime()));
    }

    private final Socket.Events events = new Socket.Events() {
        @Override
        public Connection connection(CoreSession session, Accepted accepted) {
            return new Connection(session, accepted.identity(), accepted.device(), accepted.address(), frames,
                    metrics, new QueuedBytes(limits.maxQueuedBytes()), timers);
        }

        @Override
        public void opened(Connection connection) {
            WsEndpoint.this.opened(connection);
        }

        @Override
        public void text(Connection connection, String message) {
            WsEndpoint.this.text(connection, message);
        }

        @Override
        public void binary(Connection connection) {
            WsEndpoint.this.binary(connection);
        }

        @Override
        public void refused(Connection connection, Verdict verdict, ByteBuffer firstFrame) {
            WsEndpoint.this.refused(connection, verdict, firstFrame);
        }

        @Override
        public void ended(Connection connection) {
            WsEndpoint.this.ended(connection);
        }
    };

    private void opened(Connection connection) {
        Identity identity = connection.identity();
        String device = connection.device();
        connections.add(connection);
        metrics.opened();
        CompletableFuture<Session> connected;
        try {
            connected = connect.connect(new ConnectCommand(identity.user(), device)).toCompletableFuture();
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e);
        }
        connection.startWith(connected
                .handle((session, failure) -> registered(connection, session, failure))
                .thenCompose(step -> step));
    }

    /** Runs once connect completed; returns what is left to wait for (a disconnect when the socket already went). */
    private CompletionStage<Void> registered(Connection connection, Session session, Throwable failure) {
        if (failure != null) {
            FrameError error = Failures.toFrameError(failure, null);
            connection.sendError(error);
            if (Failures.unwrap(failure) instanceof PresenceRejectedException) {
                // a limit refused it (the handshake's own check lost a race): policy, not a server failure
                connection.close(1008, "session refused: " + error.code(), CloseCause.REJECTED);
            } else {
                connection.close(1011, "could not register the session: " + error.code(), CloseCause.CONNECT_FAILED);
            }
            return CompletableFuture.completedFuture(null);
        }
        // welcome goes out before the session can be found for delivery, so it is always the first frame
        connection.send(frames.welcome(session.user().value(), session.id().value(), session.node().value()),
                "welcome");
        if (!connection.attach(session, () -> connections.bind(session.id(), connection))) {
            return disconnect(session);
        }
        Instant expiresAt = connection.identity().expiresAt();
        if (expiresAt != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
            connection.expiresWith(timers.schedule(
                    () -> connection.close(1008, "token expired", CloseCause.TOKEN_EXPIRED),
                    delay, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.completedFuture(null);
    }

    private void text(Connection connection, String message) {
        Decoded decoded = decoder.decode(message);
        metrics.frameIn(decoded.metricType());
        connection.enqueue(() -> dispatcher.handle(connection, decoded));
    }

    private void binary(Connection connection) {
        metrics.frameIn("binary");
        Decoded rejected = new Decoded.Invalid(
                new FrameError(FrameError.BAD_JSON, "binary frames are not accepted; send JSON text", null));
        connection.enqueue(() -> dispatcher.handle(connection, rejected));
    }

    /**
     * A message over the connection's frame budget, dropped unread. The answer, when one is due, finds the frame's
     * id without decoding the rest, and waits its turn behind the frames before it like any reply.
     */
    private void refused(Connection connection, Verdict verdict, ByteBuffer firstFrame) {
        metrics.frameRefused(FrameError.RATE_LIMITED);
        if (verdict == Verdict.ANSWER) {
            JsonNode re = firstFrame == null ? null : FrameIds.peek(frames.mapper(), firstFrame);
            Decoded answer = new Decoded.Invalid(new FrameError(FrameError.RATE_LIMITED,
                    "too many frames: at most " + limits.framesPerS() + " a second, " + limits.framesBurst()
                            + " at once; this one was dropped", re));
            connection.enqueue(() -> dispatcher.handle(connection, answer));
        } else if (verdict == Verdict.CLOSE) {
            connection.closeForPolicy(1008, "rate limit exceeded for " + FrameBudget.SUSTAINED.toSeconds() + " s",
                    CloseCause.RATE_LIMITED);
        }
    }

    /** Ends a socket; only the first call per socket does anything. */
    void ended(Connection connection) {
        if (!connections.removeSocket(connection)) {
            return;
        }
        connection.endedByPeer();
        metrics.closed();
        Session session = connection.end();
        if (session != null) {
            connections.unbind(session.id(), connection);
            connections.track(disconnect(session));
        } else {
            // connect is still running (or failed); its own step disconnects a session that arrives too late
            connections.track(connection.connectStep());
        }
    }

    /**
     * Ends the session in the application; completes once that is done, normally even when it failed: a failure is
     * logged and counted, and the session is left to the reconciliation and the grace sweep.
     */
    private CompletableFuture<Void> disconnect(Session session) {
        CompletableFuture<Void> done;
        try {
            done = disconnect.disconnect(session).toCompletableFuture();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.handle((ok, failure) -> {
            if (failure != null) {
                metrics.failed("disconnect");
                failedDisconnects.log("disconnect of session {} failed: {}", session.id(),
                        String.valueOf(Failures.unwrap(failure)));
            }
            return null;
        });
    }

    /**
     * Pings every open socket, so that quiet but live clients never reach the idle timeout, and drops the ones
     * that sent nothing, not even a pong, for longer than the idle timeout: their peer is gone.
     */
    public void keepAlive() {
        long idle = idleTimeout.toNanos();
        long now = System.nanoTime();
        for (Connection connection : connections.sockets()) {
            if (connection.silentFor(now) > idle) {
                LOG.debug("no answer from {} at {} for {}; dropping it", connection.identity().user(),
                        connection.address(), idleTimeout);
                connection.abort(CloseCause.IDLE);
            } else if (connection.isOpen()) {
                connection.ping();
            }
        }
    }
}
