package dev.roster.adapters.redis;

import io.lettuce.core.RedisConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The pub/sub of a subscriber connection that is not there yet: the buses register their receiver when they are
 * built, before Redis first answers. Until {@link #bind} publishing and subscribing fail at once; binding hands the
 * receivers to the real pub/sub, and the store then subscribes to every channel its buses want.
 */
final class DeferredPubSub implements PubSub {
    private final List<BiConsumer<String, String>> receivers = new ArrayList<>();
    private volatile PubSub target;
    private boolean closed;

    /** Uses {@code connected} from now on; a pub/sub bound after {@link #close()} is closed at once. */
    synchronized void bind(PubSub connected) {
        if (closed) {
            connected.close();
            return;
        }
        receivers.forEach(connected::onMessage);
        target = connected;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, String message) {
        PubSub connected = target;
        return connected == null ? notYet() : connected.publish(channel, message);
    }

    @Override
    public CompletableFuture<Void> subscribe(String... channels) {
        PubSub connected = target;
        return connected == null ? notYet() : connected.subscribe(channels);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String... channels) {
        PubSub connected = target;
        return connected == null ? notYet() : connected.unsubscribe(channels);
    }

    private static CompletableFuture<Void> notYet() {
        return CompletableFuture.failedFuture(Failures.translate(new RedisConnectionException(DeferredCommands.NOT_YET)));
    }

    @Override
    public synchronized void onMessage(BiConsumer<String, String> receiver) {
        receivers.add(receiver);
        if (target != null) {
            target.onMessage(receiver);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (target != null) {
            target.close();
        }
    }
}
