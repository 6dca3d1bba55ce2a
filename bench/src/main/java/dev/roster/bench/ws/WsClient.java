package dev.roster.bench.ws;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Opens client WebSockets. Implementations hold many connections on a few threads; which one is lighter is measured
 * by the {@code idle} scenario (see docs/BENCHMARKS.md).
 */
public interface WsClient extends AutoCloseable {

    /**
     * Opens a connection to {@code uri}.
     *
     * @param source which of the client's source addresses to bind, counted from 0; ignored when it has only one
     */
    CompletableFuture<WsConnection> connect(URI uri, WsListener listener, int source);

    /** How many source addresses this client spreads connections over. */
    int sources();

    @Override
    void close();
}
