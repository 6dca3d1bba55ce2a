package dev.roster.bench.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The JDK's {@code java.net.http.WebSocket}: one shared HttpClient, whose single selector thread serves them all. */
final class JdkWsClient implements WsClient {
    private static final int THREADS = 8;

    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "ws-jdk");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    private final Duration connectTimeout;

    JdkWsClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout).build();
    }

    @Override
    public CompletableFuture<WsConnection> connect(URI uri, WsListener listener, int source) {
        Adapter adapter = new Adapter(listener);
        return http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(uri, adapter)
                .thenApply(JdkConnection::new);
    }

    @Override
    public int sources() {
        return 1;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Adapter implements WebSocket.Listener {
        private final WsListener listener;
        private final AtomicBoolean closed = new AtomicBoolean();
        private StringBuilder partial;

        Adapter(WsListener listener) {
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            // the JDK may split one frame into parts; the listener wants whole frames
            if (!last) {
                partial = partial == null ? new StringBuilder(data) : partial.append(data);
            } else if (partial != null) {
                listener.onText(partial.append(data).toString());
                partial = null;
            } else {
                listener.onText(data.toString());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(code, reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(1006, String.valueOf(error));
            }
        }
    }

    private static final class JdkConnection implements WsConnection {
        private final WebSocket ws;
        // the JDK refuses a send while the previous one is still being written, so sends are chained
        private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

        JdkConnection(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public synchronized CompletableFuture<Void> send(String text) {
            CompletableFuture<Void> sent = last.handle((r, e) -> null)
                    .thenCompose(x -> ws.sendText(text, true)).thenApply(x -> null);
            last = sent;
            return sent;
        }

        @Override
        public synchronized void close() {
            last = last.handle((r, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }

        @Override
        public boolean isOpen() {
            return !ws.isInputClosed();
        }
    }
}
