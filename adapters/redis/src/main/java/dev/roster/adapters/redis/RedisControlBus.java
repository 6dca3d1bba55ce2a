package dev.roster.adapters.redis;

import dev.roster.application.port.out.ControlBus;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Commands between nodes on one channel every node hears, its own messages included. */
final class RedisControlBus implements ControlBus {
    private final Broadcast<ControlMessage> channel;

    RedisControlBus(Broadcast<ControlMessage> channel) {
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> publish(ControlMessage message) {
        return channel.publish(message);
    }

    @Override
    public void listen(Consumer<ControlMessage> listener) {
        channel.listen(listener);
    }
}
