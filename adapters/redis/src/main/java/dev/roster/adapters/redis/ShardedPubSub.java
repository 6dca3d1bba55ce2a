package dev.roster.adapters.redis;

import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Sharded pub/sub on a Redis Cluster: a room's messages stay on the shard that owns its channel's slot. */
final class ShardedPubSub implements PubSub {
    private final RedisAdvancedClusterAsyncCommands<String, String> commands;
    private final StatefulRedisClusterPubSubConnection<String, String> subscriber;

    ShardedPubSub(RedisAdvancedClusterAsyncCommands<String, String> commands,
                  StatefulRedisClusterPubSubConnection<String, String> subscriber) {
        this.commands = commands;
        this.subscriber = subscriber;
        // messages arrive on the connections to the shards; they are handed to this connection's listeners
        subscriber.setNodeMessagePropagation(true);
    }

    @Override
    public CompletableFuture<Void> publish(String channel, String message) {
        return Failures.guard(() -> commands.spublish(channel, message)).thenApply(receivers -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String... channels) {
        return Failures.guard(() -> subscriber.async().ssubscribe(channels));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String... channels) {
        return Failures.guard(() -> subscriber.async().sunsubscribe(channels));
    }

    @Override
    public void onMessage(BiConsumer<String, String> receiver) {
        subscriber.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                receiver.accept(channel, message);
            }
        });
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
