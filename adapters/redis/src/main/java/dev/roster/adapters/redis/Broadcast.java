package dev.roster.adapters.redis;

import dev.roster.application.port.out.Telemetry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel every node hears (the activity feed, the control bus): low traffic, so one channel for the whole
 * cluster. Listeners run on the given executor, never on Lettuce's I/O thread. A message that cannot be read
 * ({@code undecodable_message}) and a listener that fails ({@code where}) are told to the telemetry.
 */
final class Broadcast<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Broadcast.class);

    private final PubSub pubSub;
    private final String channel;
    private final Function<T, String> encode;
    private final Function<String, T> decode;
    private final Executor dispatch;
    private final Telemetry telemetry;
    private final String where;
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

    Broadcast(PubSub pubSub, String channel, Function<T, String> encode, Function<String, T> decode,
              Executor dispatch, Telemetry telemetry, String where) {
        this.pubSub = pubSub;
        this.telemetry = telemetry;
        this.where = where;
        this.channel = channel;
        this.encode = encode;
        this.decode = decode;
        this.dispatch = dispatch;
        pubSub.onMessage((from, message) -> {
            if (channel.equals(from)) {
                dispatch.execute(() -> deliver(message));
            }
        });
    }

    CompletableFuture<Void> subscribe() {
        return pubSub.subscribe(channel);
    }

    CompletionStage<Void> publish(T message) {
        return pubSub.publish(channel, encode.apply(message));
    }

    void listen(Consumer<T> listener) {
        listeners.add(listener);
    }

    private void deliver(String message) {
        T decoded;
        try {
            decoded = decode.apply(message);
        } catch (RuntimeException e) {
            LOG.debug("dropped a message on {} that could not be read", channel, e);
            telemetry.adapterFailed("undecodable_message", e);
            return;
        }
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(decoded);
            } catch (RuntimeException e) {
                LOG.debug("a listener of {} failed", channel, e);
                telemetry.adapterFailed(where, e);
            }
        }
    }
}
