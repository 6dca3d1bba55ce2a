package dev.roster.application.port.out;

import dev.roster.domain.Activity;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Carries every node's {@link Activity} to every node, for the operators' live feed. */
public interface ActivityFeed {

    CompletionStage<Void> publish(Activity activity);

    /** Adds a listener, called on the feed's own thread for every activity of every node; must not block. */
    void listen(Consumer<Activity> listener);

    /** A feed nobody reads. */
    ActivityFeed NONE = new ActivityFeed() {
        @Override
        public CompletionStage<Void> publish(Activity activity) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void listen(Consumer<Activity> listener) {
            // nothing is ever published
        }
    };
}
