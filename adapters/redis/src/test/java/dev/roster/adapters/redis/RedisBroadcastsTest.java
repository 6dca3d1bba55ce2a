package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.application.port.out.Activity;
import dev.roster.application.port.out.ControlBus.ControlMessage;
import dev.roster.application.port.out.ControlBus.Disconnect;
import dev.roster.application.port.out.ControlBus.Disconnected;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The activity feed and the control bus reach every node, the sender's own included, unchanged. */
class RedisBroadcastsTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private RedisStore a;
    private RedisStore b;

    @BeforeEach
    void open() {
        REDIS.flush();
        a = RedisStore.open(REDIS.url(), null, RedisSettings.defaults());
        b = RedisStore.open(REDIS.url(), null, RedisSettings.defaults());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void activityOfOneNodeReachesEveryNode() {
        Queue<Activity> heardByA = new ConcurrentLinkedQueue<>();
        Queue<Activity> heardByB = new ConcurrentLinkedQueue<>();
        a.activityFeed().listen(heardByA::add);
        b.activityFeed().listen(heardByB::add);
        Instant at = Instant.parse("2026-11-27T20:00:00.123Z");
        List<Activity> sent = List.of(
                new Activity("joined_room", UserId.of("ann"), RoomId.of("hall"), PresenceState.BUSY, null,
                        SessionId.of("s1"), null, null, null, at),
                new Activity("session_opened", UserId.of("ann"), null, null, null, SessionId.of("s2"),
                        NodeId.of("node-a"), "phone \u260e", 2, at),
                new Activity("status_changed", UserId.of("ann"), null, PresenceState.AWAY, "back \"soon\"", null,
                        null, null, null, at));

        sent.forEach(activity -> a.activityFeed().publish(activity).toCompletableFuture().join());

        await().atMost(WAIT).until(() -> heardByA.size() == 3 && heardByB.size() == 3);
        assertThat(heardByB).containsExactlyElementsOf(sent);
        assertThat(heardByA).containsExactlyElementsOf(sent);
    }

    @Test
    void aBurstOfActivityGoesInFewMessagesAndArrivesWholeAndInOrder() {
        Queue<Activity> heardByB = new ConcurrentLinkedQueue<>();
        b.activityFeed().listen(heardByB::add);
        Queue<String> messages = new ConcurrentLinkedQueue<>();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(REDIS.url());
        try (var watcher = client.connectPubSub()) {
            watcher.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(message);
                }
            });
            watcher.sync().subscribe("roster:activity");
            List<Activity> sent = new java.util.ArrayList<>();
            List<java.util.concurrent.CompletableFuture<Void>> published = new java.util.ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                Activity activity = new Activity("session_opened", UserId.of("user-" + i), null, null, null,
                        SessionId.of("s" + i), NodeId.of("node-a"), "web", 1, Instant.ofEpochMilli(i));
                sent.add(activity);
                published.add(a.activityFeed().publish(activity).toCompletableFuture());
            }
            published.forEach(java.util.concurrent.CompletableFuture::join);

            await().atMost(WAIT).until(() -> heardByB.size() == sent.size());
            assertThat(heardByB).containsExactlyElementsOf(sent);
            // sent back to back, the lines share messages: one PUBLISH per round trip, not one per line
            await().atMost(WAIT).until(() -> messages.stream().mapToInt(m -> m.split("session_opened").length - 1)
                    .sum() == sent.size());
            assertThat(messages.size()).isLessThan(sent.size() / 4);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aSingleLineFromANodeThatDoesNotBatchIsStillRead() {
        BroadcastCodec codec = new BroadcastCodec();
        Activity line = new Activity("left_room", UserId.of("ann"), RoomId.of("hall"), null, null, null, null,
                null, null, Instant.ofEpochMilli(7));
        assertThat(codec.activities(codec.activity(line))).containsExactly(line);
        assertThat(codec.activities(codec.activities(List.of(line, line)))).containsExactly(line, line);
    }

    @Test
    void controlMessagesReachEveryNode() {
        Queue<ControlMessage> heardByB = new ConcurrentLinkedQueue<>();
        b.controlBus().listen(heardByB::add);
        List<ControlMessage> sent = List.of(
                new Disconnect("r1", "boot-a", UserId.of("ann"), null, "by an operator"),
                new Disconnect("r2", "boot-a", UserId.of("bob"), SessionId.of("s9"), null),
                new Disconnected("r1", "boot-a", NodeId.of("node-b"), 3));

        sent.forEach(message -> a.controlBus().publish(message).toCompletableFuture().join());

        await().atMost(WAIT).until(() -> heardByB.size() == 3);
        assertThat(heardByB).containsExactlyElementsOf(sent);
    }
}
