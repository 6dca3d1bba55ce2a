package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.application.fixtures.ToldFailures;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * What fails on the Redis buses with nobody to answer is told to the telemetry, by place: a message that cannot
 * be read, a listener that throws, a subscription that does not happen now. Runs on a pub/sub held in memory.
 */
class FailuresToldTest {
    private static final RoomId ROOM = RoomId.of("lobby");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ToldFailures telemetry = new ToldFailures();
    private final List<String> failures = telemetry.places();
    private final Loopback pubSub = new Loopback();

    @Test
    void aRoomListenerThatThrowsIsTold() {
        try (RedisRoomBuses buses = new RedisRoomBuses(pubSub, new Keys(4), telemetry)) {
            buses.messages().listen(message -> {
                throw new IllegalStateException("boom");
            });
            buses.messages().subscribe(ROOM);

            buses.messages().publish(new ChatMessage(ROOM, UserId.of("ann"), "hi", Instant.EPOCH, null))
                    .toCompletableFuture().join();

            await().atMost(WAIT).until(() -> failures.contains("message_listener"));
        }
    }

    @Test
    void aRoomEventThatCannotBeReadIsTold() {
        Keys keys = new Keys(4);
        try (RedisRoomBuses buses = new RedisRoomBuses(pubSub, keys, telemetry)) {
            buses.messages().subscribe(ROOM);

            pubSub.publish(keys.channel(ROOM), "not an event").join();

            await().atMost(WAIT).until(() -> failures.contains("undecodable_message"));
        }
    }

    @Test
    void aSubscriptionThatFailsIsTold() {
        pubSub.failSubscribes = true;
        try (RedisRoomBuses buses = new RedisRoomBuses(pubSub, new Keys(4), telemetry)) {
            buses.presence().subscribe(ROOM);

            assertThat(failures).containsExactly("room_subscription");
        }
    }

    @Test
    void aBroadcastListenerThatThrowsAndAnUnreadableBroadcastAreTold() {
        Broadcast<String> channel = new Broadcast<>(pubSub, "roster:test", text -> text,
                text -> {
                    if (text.isEmpty()) {
                        throw new IllegalArgumentException("empty");
                    }
                    return text;
                }, Runnable::run, telemetry, "control_listener");
        channel.listen(text -> {
            throw new IllegalStateException("boom");
        });
        channel.subscribe().join();

        channel.publish("hello").toCompletableFuture().join();
        channel.publish("").toCompletableFuture().join();

        assertThat(failures).containsExactly("control_listener", "undecodable_message");
    }

    /** Delivers what is published to the channels subscribed, at once, on the publisher's thread. */
    private static final class Loopback implements PubSub {
        private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
        private final List<BiConsumer<String, String>> receivers = new CopyOnWriteArrayList<>();
        private volatile boolean failSubscribes;

        @Override
        public CompletableFuture<Void> publish(String channel, String message) {
            if (subscribed.contains(channel)) {
                receivers.forEach(receiver -> receiver.accept(channel, message));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> subscribe(String... channels) {
            if (failSubscribes) {
                return CompletableFuture.failedFuture(new IllegalStateException("Redis is away"));
            }
            subscribed.addAll(List.of(channels));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String... channels) {
            List.of(channels).forEach(subscribed::remove);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onMessage(BiConsumer<String, String> receiver) {
            receivers.add(receiver);
        }

        @Override
        public void close() {
        }
    }
}
