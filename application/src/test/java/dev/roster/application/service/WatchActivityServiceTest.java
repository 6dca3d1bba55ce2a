package dev.roster.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.out.ActivityFeed;
import dev.roster.domain.Activity;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WatchActivityServiceTest {

    /** A feed that hands each activity to its listeners at once. */
    private static final class Feed implements ActivityFeed {
        final List<Consumer<Activity>> listeners = new ArrayList<>();

        @Override
        public CompletionStage<Void> publish(Activity activity) {
            listeners.forEach(l -> l.accept(activity));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void listen(Consumer<Activity> listener) {
            listeners.add(listener);
        }
    }

    @Test
    void aWatcherHearsEveryActivityPublishedAfterItStartedWatching() {
        Feed feed = new Feed();
        Activity before = new Activity.WentOffline(UserId.of("ann"), Instant.EPOCH);
        Activity after = new Activity.WentOffline(UserId.of("bob"), Instant.EPOCH);
        feed.publish(before);
        List<Activity> heard = new ArrayList<>();

        new WatchActivityService(feed).watch(heard::add);
        feed.publish(after);

        assertThat(heard).containsExactly(after);
    }
}
