package dev.roster.adapters.memory;

import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Activity;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The operators' activity feed of a single node. Every listener hears every activity, in publish order, on the
 * feed's own daemon thread; one listener failing does not keep the others from hearing it. The stage
 * {@link #publish} returns completes once every listener has had the activity.
 */
public final class InMemoryActivityFeed implements ActivityFeed, AutoCloseable {
    private final List<Consumer<Activity>> listeners = new CopyOnWriteArrayList<>();
    private final DeliveryThread delivery;

    public InMemoryActivityFeed() {
        this(Telemetry.NONE);
    }

    /** With {@code telemetry} told of a listener that fails ({@code activity_listener}). */
    public InMemoryActivityFeed(Telemetry telemetry) {
        this.delivery = new DeliveryThread("roster-activity-feed", telemetry, "activity_listener");
    }

    @Override
    public CompletionStage<Void> publish(Activity activity) {
        Objects.requireNonNull(activity, "activity");
        return delivery.deliver(() -> listeners.forEach(listener -> delivery.isolated(listener, activity)));
    }

    @Override
    public void listen(Consumer<Activity> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops the feed's thread once the activities already published are delivered; later publishes fail. */
    @Override
    public void close() {
        delivery.close();
    }
}
