package dev.roster.adapters.javalin;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty as a presence node needs it, not as its defaults have it: a small thread pool, an explicit WebSocket idle
 * timeout, message limits above the protocol's own 64 KiB so the adapter answers {@code too_large} itself, a bound
 * on what one slow client may have queued, and no HTTP sessions.
 */
final class JettyTuning {
    /** Jetty refuses larger text frames itself, closing the socket; below it the adapter answers {@code too_large}. */
    static final int JETTY_MAX_MESSAGE_BYTES = 1 << 20;
    /** Frames queued for one slow client before its sends fail and it is dropped. */
    static final int MAX_OUTGOING_FRAMES = 1024;

    private JettyTuning() {
    }

    static void apply(JavalinConfig config, WebSettings settings, NetworkTrafficListener inbound) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        // one acceptor and one selector, as Jetty picks for a 16-thread pool on most machines; fixed, so a small
        // pool still starts on a many-core machine, where Jetty would lease more threads than the pool has
        config.jetty.addConnector((server, http) -> {
            NetworkTrafficServerConnector connector = new NetworkTrafficServerConnector(server, null, null, null, 1, 1,
                    new HttpConnectionFactory(http));
            connector.setPort(settings.port());
            connector.setNetworkTrafficListener(inbound);
            return connector;
        });
        QueuedThreadPool pool = new QueuedThreadPool(settings.maxThreads(),
                Math.min(WebSettings.MIN_THREADS, settings.maxThreads()));
        pool.setName("roster-http");
        config.jetty.threadPool = pool;
        config.jetty.modifyServletContextHandler(context -> {
            // Javalin reads the HTTP session of every upgrade request, which creates one; nothing here uses HTTP
            // sessions, so none is kept in memory or sent as a cookie
            SessionHandler sessions = context.getSessionHandler();
            NullSessionCache cache = new NullSessionCache(sessions);
            cache.setSessionDataStore(new NullSessionDataStore());
            sessions.setSessionCache(cache);
            sessions.setUsingCookies(false);
        });
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setIdleTimeout(settings.idleTimeout());
            factory.setMaxTextMessageSize(JETTY_MAX_MESSAGE_BYTES);
            factory.setMaxBinaryMessageSize(JETTY_MAX_MESSAGE_BYTES);
            factory.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES);
        });
    }
}
