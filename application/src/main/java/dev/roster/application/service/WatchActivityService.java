package dev.roster.application.service;

import dev.roster.application.port.in.WatchActivityUseCase;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.domain.Activity;
import java.util.function.Consumer;

/** Watching the cluster's activity is listening to the feed every node publishes to. */
final class WatchActivityService implements WatchActivityUseCase {
    private final ActivityFeed feed;

    WatchActivityService(ActivityFeed feed) {
        this.feed = feed;
    }

    @Override
    public void watch(Consumer<Activity> watcher) {
        feed.listen(watcher);
    }
}
