package dev.roster.adapters.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Classic pub/sub: one subscriber connection per node; Lettuce subscribes again by itself after a reconnect. */
final class StandalonePubSub implements PubSub {
    private final RedisAsyncCommands<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscriber;

    StandalonePubSub(RedisAsyncCommands<String, String> commands,
                     StatefulRedisPubSubConnection<String, String> subscriber) {
        this.commands = commands;
        this.subscriber = subscriber;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, String message) {
        return Failures.guard(() -> commands.publish(channel, message)).thenApply(receivers -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String... channels) {
        return Failures.guard(() -> subscriber.async().subscribe(channels));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String... channels) {
        return Failures.guard(() -> subscriber.async().unsubscribe(channels));
    }

    @Override
    public void onMessage(BiConsumer<String, String> receiver) {
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                receiver.accept(channel, message);
            }
        });
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
