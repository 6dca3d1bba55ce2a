package dev.roster.bench.ws;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's WebSocket client: one selector and a small shared thread pool per source address, so that tens of
 * thousands of connections cost buffers, not threads.
 */
public final class JettyWsClient implements WsClient {
    private static final int THREADS = 8;
    private static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

    private final QueuedThreadPool pool = new QueuedThreadPool(THREADS, 2);
    private final List<WebSocketClient> clients = new ArrayList<>();

    JettyWsClient(List<InetAddress> sources, Duration idleTimeout, Duration connectTimeout) {
        pool.setName("ws-client");
        pool.setDaemon(true);
        List<InetAddress> binds = sources.isEmpty() ? java.util.Collections.singletonList(null) : sources;
        try {
            pool.start();
            for (InetAddress source : binds) {
                clients.add(start(source, idleTimeout, connectTimeout));
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the Jetty WebSocket client", e);
        }
    }

    private WebSocketClient start(InetAddress source, Duration idleTimeout, Duration connectTimeout) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(pool);
        if (source != null) {
            connector.setBindAddress(new InetSocketAddress(source, 0));
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(pool);
        // every upgrade holds a pooled HTTP connection until it is switched over: the caller bounds the handshakes
        http.setMaxConnectionsPerDestination(100_000);
        http.setMaxRequestsQueuedPerDestination(100_000);
        http.setConnectTimeout(connectTimeout.toMillis());
        WebSocketClient client = new WebSocketClient(http);
        client.setIdleTimeout(idleTimeout);
        // a joined reply lists the whole room: 1,000 members is well past Jetty's 64 KiB default
        client.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setStopAtShutdown(false);
        client.start();
        return client;
    }

    @Override
    public CompletableFuture<WsConnection> connect(URI uri, WsListener listener, int source) {
        Endpoint endpoint = new Endpoint(listener);
        try {
            return clients.get(Math.floorMod(source, clients.size())).connect(endpoint, uri)
                    .thenApply(JettyConnection::new);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int sources() {
        return clients.size();
    }

    @Override
    public void close() {
        for (WebSocketClient client : clients) {
            try {
                client.stop();
            } catch (Exception e) {
                System.err.println("stopping a WebSocket client failed: " + e);
            }
        }
        try {
            pool.stop();
        } catch (Exception e) {
            System.err.println("stopping the client thread pool failed: " + e);
        }
    }

    /** Public because Jetty binds its methods through method handles from outside this package. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final WsListener listener;
        private final AtomicBoolean closed = new AtomicBoolean();

        Endpoint(WsListener listener) {
            this.listener = listener;
        }

        @Override
        public void onWebSocketText(String text) {
            listener.onText(text);
        }

        @Override
        public void onWebSocketClose(int code, String reason, Callback callback) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(code, reason);
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(StatusCode.ABNORMAL, String.valueOf(cause));
            }
        }
    }

    private record JettyConnection(Session session) implements WsConnection {
        @Override
        public CompletableFuture<Void> send(String text) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            return sent;
        }

        @Override
        public void close() {
            session.close(StatusCode.NORMAL, "bye", Callback.NOOP);
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }
    }
}
