package dev.roster.adapters.redis;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Redis pub/sub as the buses need it: classic channels on a standalone or Sentinel Redis, sharded channels
 * (SPUBLISH / SSUBSCRIBE, each channel served by the shard that owns its slot) on a Cluster.
 */
interface PubSub extends AutoCloseable {
    CompletableFuture<Void> publish(String channel, String message);

    CompletableFuture<Void> subscribe(String... channels);

    CompletableFuture<Void> unsubscribe(String... channels);

    /** The one receiver of every message, called on a Lettuce I/O thread. */
    void onMessage(BiConsumer<String, String> receiver);

    @Override
    void close();
}
