package dev.roster.adapters.javalin;

import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.PresenceEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * Counts presence transitions as {@code roster_transitions_total{kind}}, one count per event, by its kind
 * ({@code came_online}, {@code went_offline}, {@code status_changed}, {@code joined_room}, {@code left_room},
 * {@code session_opened}, {@code session_closed}).
 */
public final class MicrometerTelemetry implements Telemetry {
    private final Map<Class<? extends PresenceEvent>, Counter> counters;

    public MicrometerTelemetry(MeterRegistry registry) {
        // registered up front, so every kind shows up at 0 before it first happens
        this.counters = Map.of(
                PresenceEvent.UserCameOnline.class, counter(registry, "came_online"),
                PresenceEvent.UserWentOffline.class, counter(registry, "went_offline"),
                PresenceEvent.StatusChanged.class, counter(registry, "status_changed"),
                PresenceEvent.JoinedRoom.class, counter(registry, "joined_room"),
                PresenceEvent.LeftRoom.class, counter(registry, "left_room"),
                PresenceEvent.SessionOpened.class, counter(registry, "session_opened"),
                PresenceEvent.SessionClosed.class, counter(registry, "session_closed"));
    }

    @Override
    public void transitioned(List<PresenceEvent> events) {
        for (PresenceEvent event : events) {
            Counter counter = counters.get(event.getClass());
            if (counter != null) {
                counter.increment();
            }
        }
    }

    private static Counter counter(MeterRegistry registry, String kind) {
        return Counter.builder("roster.transitions").tag("kind", kind)
                .description("presence events, by kind").register(registry);
    }
}
