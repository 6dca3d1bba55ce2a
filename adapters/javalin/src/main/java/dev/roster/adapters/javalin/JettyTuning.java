package dev.roster.adapters.javalin;

import dev.roster.adapters.javalin.ws.WsEndpoint;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * Jetty as a presence node needs it, not as its defaults have it: a small thread pool; {@code /ws} upgraded by
 * Jetty's core WebSocket handler in front of Javalin's servlet (ADR 9), so that an open socket keeps none of the
 * upgrade request, no servlet request and no HTTP session; an explicit WebSocket idle timeout; message limits above
 * the protocol's own 64 KiB so the adapter answers {@code too_large} itself; and a bound on how many frames one slow
 * client may have queued.
 */
final class JettyTuning {
    /**
     * Frames queued for one client before a send fails and the client is closed as a slow consumer (1013). The
     * bytes queued are bounded by the connection itself ({@code ROSTER_MAX_QUEUED_BYTES}); this bounds the frames,
     * which cost some bookkeeping each however small they are. Far above what a client that reads lets pile up.
     */
    static final int MAX_OUTGOING_FRAMES = 8192;
    static final String WS_PATH = "/ws";

    private JettyTuning() {
    }

    static void apply(JavalinConfig config, WebSettings settings, WebSocketNegotiator negotiator) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        // one acceptor and one selector, as Jetty picks for a 16-thread pool on most machines; fixed, so a small
        // pool still starts on a many-core machine, where Jetty would lease more threads than the pool has
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, null, null, null, 1, 1,
                    new HttpConnectionFactory(http));
            connector.setPort(settings.port());
            return connector;
        });
        QueuedThreadPool pool = new QueuedThreadPool(settings.maxThreads(),
                Math.min(WebSettings.MIN_THREADS, settings.maxThreads()));
        pool.setName("roster-http");
        config.jetty.threadPool = pool;
        // in front of whatever handlers the server has so far; Javalin then attaches its servlet context inside the
        // innermost wrapper, so this handler sees every request first: it upgrades /ws and hands the rest to Javalin
        config.jetty.modifyServer(server -> {
            WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler(
                    WebSocketServerComponents.ensureWebSocketComponents(server), handler -> {
                        Configuration sockets = handler.getConfiguration();
                        sockets.setIdleTimeout(settings.idleTimeout());
                        sockets.setMaxTextMessageSize(WsEndpoint.MAX_MESSAGE_BYTES);
                        sockets.setMaxBinaryMessageSize(WsEndpoint.MAX_MESSAGE_BYTES);
                        sockets.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES);
                        handler.addMapping(WS_PATH, negotiator);
                    });
            upgrades.setHandler(server.getHandler());
            server.setHandler(upgrades);
        });
        config.jetty.modifyServletContextHandler(context -> {
            // nothing here uses HTTP sessions; should anything ask for one, none is kept in memory or sent as a cookie
            SessionHandler sessions = context.getSessionHandler();
            NullSessionCache cache = new NullSessionCache(sessions);
            cache.setSessionDataStore(new NullSessionDataStore());
            sessions.setSessionCache(cache);
            sessions.setUsingCookies(false);
        });
    }
}
