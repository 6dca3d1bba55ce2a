package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.application.port.in.AuthenticateUseCase.Identity;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.service.RosterApplication;
import dev.roster.domain.Session;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} endpoint after the upgrade: registers the session, sends {@code welcome}, feeds frames in order
 * to the dispatcher, and ends the session exactly once whatever closes the socket.
 */
public final class WsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

    private final RosterApplication app;
    private final Connections connections;
    private final ServerFrames frames;
    private final FrameDecoder decoder;
    private final FrameDispatcher dispatcher;
    private final WsMetrics metrics;
    private final ScheduledExecutorService timers;
    private final InboundActivity inbound;
    private final Duration idleTimeout;

    public WsEndpoint(RosterApplication app, Connections connections, ServerFrames frames, WsMetrics metrics,
                      ScheduledExecutorService timers, InboundActivity inbound, Duration idleTimeout) {
        this.app = app;
        this.connections = connections;
        this.frames = frames;
        this.decoder = new FrameDecoder(frames.mapper());
        this.dispatcher = new FrameDispatcher(app, frames);
        this.metrics = metrics;
        this.timers = timers;
        this.inbound = inbound;
        this.idleTimeout = idleTimeout;
    }

    public void configure(WsConfig ws) {
        ws.onConnect(this::opened);
        ws.onMessage(ctx -> text(ctx, ctx.message()));
        ws.onBinaryMessage(this::binary);
        ws.onClose(ctx -> ended(ctx.sessionId()));
        ws.onError(ctx -> {
            LOG.debug("websocket error", ctx.error());
            ended(ctx.sessionId());
            if (ctx.session.isOpen()) {
                // the session is already ended here, so the socket must not linger without it
                ctx.session.disconnect();
            }
        });
    }

    private void opened(WsContext ctx) {
        Identity identity = ctx.attribute(Handshake.IDENTITY);
        String device = ctx.attribute(Handshake.DEVICE);
        if (identity == null) {
            // only a socket that skipped the handshake check gets here
            ctx.closeSession(1011, "handshake was not checked");
            return;
        }
        Connection connection = new Connection(ctx.session, identity, device, frames, metrics);
        connections.add(ctx.sessionId(), connection);
        metrics.opened();
        CompletableFuture<Session> connected;
        try {
            connected = app.connect().connect(new ConnectCommand(identity.user(), device)).toCompletableFuture();
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
            connection.close(1011, "could not register the session: " + error.code());
            return CompletableFuture.completedFuture(null);
        }
        // welcome goes out before the session can be found for delivery, so it is always the first frame
        connection.send(frames.welcome(session.user().value(), session.id().value(), session.node().value()),
                "welcome");
        if (!connection.attach(session, () -> connections.bind(session.id(), connection))) {
            return app.disconnect().disconnect(session);
        }
        Instant expiresAt = connection.identity().expiresAt();
        if (expiresAt != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
            connection.expiresWith(timers.schedule(() -> connection.close(1008, "token expired"),
                    delay, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.completedFuture(null);
    }

    private void text(WsContext ctx, String message) {
        Connection connection = connections.socket(ctx.sessionId());
        if (connection == null) {
            return;
        }
        Decoded decoded = decoder.decode(message);
        metrics.frameIn(decoded.metricType());
        connection.enqueue(() -> dispatcher.handle(connection, decoded));
    }

    private void binary(WsContext ctx) {
        Connection connection = connections.socket(ctx.sessionId());
        if (connection == null) {
            return;
        }
        metrics.frameIn("binary");
        Decoded rejected = new Decoded.Invalid(
                new FrameError(FrameError.BAD_JSON, "binary frames are not accepted; send JSON text", null));
        connection.enqueue(() -> dispatcher.handle(connection, rejected));
    }

    /** Ends a socket; only the first call per socket does anything. */
    public void ended(String socketId) {
        Connection connection = connections.removeSocket(socketId);
        if (connection == null) {
            return;
        }
        metrics.closed();
        inbound.forget(connection.remote());
        Session session = connection.end();
        if (session != null) {
            connections.unbind(session.id(), connection);
            connections.track(disconnect(session));
        } else {
            // connect is still running (or failed); its own step disconnects a session that arrives too late
            connections.track(connection.connectStep());
        }
    }

    private CompletableFuture<Void> disconnect(Session session) {
        try {
            return app.disconnect().disconnect(session).toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.warn("disconnect of session {} failed", session.id(), e);
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Pings every open socket, so that quiet but live clients never reach the idle timeout, and drops the ones
     * that sent nothing, not even a pong, for longer than the idle timeout: their peer is gone.
     */
    public void keepAlive() {
        long idle = idleTimeout.toNanos();
        for (Connection connection : connections.sockets()) {
            if (inbound.silentFor(connection.remote()) > idle) {
                LOG.debug("no answer from {} for {}; dropping it", connection.identity().user(), idleTimeout);
                connection.abort();
            } else if (connection.isOpen()) {
                connection.ping();
            }
        }
    }
}
