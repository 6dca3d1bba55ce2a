package dev.roster.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.fixtures.ToldFailures;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.domain.Activity;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A listener that throws on an in-process bus or feed is told to the telemetry, by the bus it listened to. */
class ListenerFailuresTest {
    private final ToldFailures telemetry = new ToldFailures();
    private final List<String> failures = telemetry.lines();

    @Test
    void aFailingRoomListenerIsCounted() {
        try (InMemoryRoomMessageBus bus = new InMemoryRoomMessageBus(telemetry)) {
            RoomId room = RoomId.of("lobby");
            bus.subscribe(room);
            bus.listen(message -> {
                throw new IllegalStateException("boom");
            });

            bus.publish(new ChatMessage(room, UserId.of("ann"), "hi", Instant.EPOCH, null)).toCompletableFuture().join();
        }

        assertThat(failures).containsExactly("message_listener: boom");
    }

    @Test
    void aFailingActivityListenerIsCountedAndTheOthersStillHear() {
        List<Activity> heard = new CopyOnWriteArrayList<>();
        try (InMemoryActivityFeed feed = new InMemoryActivityFeed(telemetry)) {
            feed.listen(activity -> {
                throw new IllegalStateException("boom");
            });
            feed.listen(heard::add);

            feed.publish(new Activity.WentOffline(UserId.of("ann"), Instant.EPOCH)).toCompletableFuture().join();
        }

        assertThat(failures).containsExactly("activity_listener: boom");
        assertThat(heard).hasSize(1);
    }
}
