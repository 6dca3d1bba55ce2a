package dev.roster.adapters.redis;

import dev.roster.application.port.out.Activity;
import dev.roster.application.port.out.ActivityFeed;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The operators' activity feed on one channel every node hears. */
final class RedisActivityFeed implements ActivityFeed {
    private final Broadcast<Activity> channel;

    RedisActivityFeed(Broadcast<Activity> channel) {
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> publish(Activity activity) {
        return channel.publish(activity);
    }

    @Override
    public void listen(Consumer<Activity> listener) {
        channel.listen(listener);
    }
}
