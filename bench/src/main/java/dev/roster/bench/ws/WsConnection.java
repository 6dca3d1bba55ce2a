package dev.roster.bench.ws;

import java.util.concurrent.CompletableFuture;

/** One open client WebSocket. */
public interface WsConnection {

    /** Queues a text frame; the future completes once it has been written. */
    CompletableFuture<Void> send(String text);

    /** Starts a normal close; the listener hears {@code onClosed} when it is done. */
    void close();

    boolean isOpen();
}
