package dev.roster.application.port.in;

import dev.roster.domain.Activity;
import java.util.function.Consumer;

/** An operator watches what happens across the cluster: every node's activity, as it happens. */
public interface WatchActivityUseCase {

    /**
     * Hands {@code watcher} every activity of every node from now on, on the feed's own thread, in the order the
     * feed delivers them; the watcher must not block.
     */
    void watch(Consumer<Activity> watcher);
}
