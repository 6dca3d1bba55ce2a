package dev.roster.bench.load;

import dev.roster.bench.ws.WsClient;
import dev.roster.bench.ws.WsConnection;
import dev.roster.bench.ws.WsListener;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket client that answers in memory like a server would: a welcome on connect (unless refused), the
 * given reply to each request, and a close echoed at once.
 */
final class FakeClient implements WsClient {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<URI> connected = new CopyOnWriteArrayList<>();
    private final String refusedUser;

    FakeClient(String refusedUser) {
        this.refusedUser = refusedUser;
    }

    @Override
    public CompletableFuture<WsConnection> connect(URI uri, WsListener listener, int source) {
        if (uri.getQuery().equals("user=" + refusedUser)) {
            return CompletableFuture.failedFuture(new IllegalStateException("401"));
        }
        connected.add(uri);
        Connection connection = new Connection(listener);
        String user = uri.getQuery().substring("user=".length());
        CompletableFuture.runAsync(() -> listener.onText(
                "{\"type\":\"welcome\",\"user\":\"" + user + "\",\"session\":\"s\",\"node\":\"n\"}"));
        return CompletableFuture.completedFuture(connection);
    }

    @Override
    public int sources() {
        return 1;
    }

    @Override
    public void close() {
        sent.clear();
    }

    private final class Connection implements WsConnection {
        private final WsListener listener;
        private volatile boolean open = true;

        Connection(WsListener listener) {
            this.listener = listener;
        }

        @Override
        public CompletableFuture<Void> send(String text) {
            sent.add(text);
            if (text.contains("\"id\":\"j1\"")) {
                listener.onText("{\"type\":\"joined\",\"re\":\"j1\",\"room\":\"lobby\",\"members\":[]}");
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                listener.onClosed(1000, "bye");
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
