package dev.roster.adapters.redis;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a Redis Cluster the reads every node repeats on a timer (the grace sweep's due users, the online count, the
 * outbox sweep) are one script per master over the buckets it holds, not one command per bucket, and still answer
 * right when the client's view of the slots is behind.
 */
class ClusterShardReadsTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());
    private static final ClusterMasters MASTERS = new ClusterMasters(REDIS, KEYS);
    private static final GracePeriod GRACE = GracePeriod.ofMillis(1_000);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private RedisStore store;

    @BeforeEach
    void open() {
        REDIS.flush();
        store = RedisStore.open(null, REDIS.clusterSeeds(), RedisSettings.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * Runs {@code use} on a connection of its own, with no store and so none of its timers: the command statistics
     * then count only what {@code use} sends.
     */
    private static void bare(java.util.function.BiConsumer<StatefulRedisClusterConnection<String, String>,
            RedisClusterClient> use) {
        RedisClusterClient client = RedisClusterClient.create(
                List.of(RedisURI.create("redis://" + REDIS.clusterSeeds().split(",")[0])));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            use.accept(connection, client);
        } finally {
            client.shutdown();
        }
    }

    private static BucketIndexes indexes(StatefulRedisClusterConnection<String, String> connection,
                                         RedisClusterClient client) {
        return new BucketIndexes(connection.async(), KEYS, () -> Shards.perMaster(client.getPartitions(), KEYS), true);
    }

    /** Users enough to land in most buckets, each opened and closed at T0: due at T0 + grace. */
    private Set<UserId> closedUsers(int count) {
        Set<UserId> users = new HashSet<>();
        for (int i = 0; i < count; i++) {
            UserId user = UserId.of("user-" + i);
            Session s = new Session(SessionId.of("s" + i), user, NodeId.of("node-a"), "boot-1", "web", T0);
            await(store.presence().apply(user, p -> p.open(s, T0)));
            await(store.presence().apply(user, p -> p.close(s.id(), T0, GRACE)));
            users.add(user);
        }
        return users;
    }

    @Test
    void theGraceSweepIsOneScriptPerMasterAndFindsTheDueUsersOfEveryBucket() {
        Set<UserId> closed = closedUsers(200);
        assertThat(closed.stream().map(KEYS::bucket).distinct().count()).as("users in most buckets")
                .isGreaterThan(KEYS.buckets() / 2);
        List<List<UserId>> due = new ArrayList<>();
        store.close();
        List<Long> scripts = new ArrayList<>();

        bare((connection, client) -> {
            // the first call loads the script on each master (NOSCRIPT, then EVAL): counted from the second
            indexes(connection, client).due(GRACE.deadlineFrom(T0), 1_000).join();
            scripts.add(MASTERS.scriptsRunBy(() -> due.add(
                    indexes(connection, client).due(GRACE.deadlineFrom(T0), 1_000).join())));
        });

        assertThat(scripts).containsExactly((long) MASTERS.ports().size());
        store = RedisStore.open(null, REDIS.clusterSeeds(), RedisSettings.defaults());
        assertThat(due.get(0)).containsExactlyInAnyOrderElementsOf(closed);
        assertThat(await(store.presence().dueForExpiry(GRACE.deadlineFrom(T0).minusMillis(1), 1_000))).isEmpty();
        assertThat(await(store.presence().dueForExpiry(GRACE.deadlineFrom(T0), 7))).hasSize(7)
                .doesNotHaveDuplicates();
    }

    @Test
    void theOnlineCountIsOneScriptPerMaster() {
        for (int i = 0; i < 100; i++) {
            UserId user = UserId.of("online-" + i);
            Session s = new Session(SessionId.of("o" + i), user, NodeId.of("node-a"), "boot-1", "web", T0);
            await(store.presence().apply(user, p -> p.open(s, T0)));
        }
        List<Long> count = new ArrayList<>();
        store.close();
        List<Long> scripts = new ArrayList<>();

        bare((connection, client) -> {
            // the first call loads the script on each master (NOSCRIPT, then EVAL): counted from the second
            indexes(connection, client).onlineCount().join();
            scripts.add(MASTERS.scriptsRunBy(() -> count.add(indexes(connection, client).onlineCount().join())));
        });

        assertThat(scripts).containsExactly((long) MASTERS.ports().size());
        assertThat(count).containsExactly(100L);
        store = RedisStore.open(null, REDIS.clusterSeeds(), RedisSettings.defaults());
    }

    @Test
    void aSweepOfEmptyOutboxesIsOneScriptPerMaster() {
        await(store.relay().sweep());
        store.close();
        List<Long> scripts = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            bare((connection, client) -> {
                OutboxRelay relay = new OutboxRelay(connection.async(), KEYS,
                        () -> Shards.perMaster(client.getPartitions(), KEYS), 1_000, timer,
                        dev.roster.application.port.out.Telemetry.NONE);
                scripts.add(MASTERS.scriptsRunBy(() -> relay.sweep().join()));
            });
        } finally {
            timer.shutdownNow();
        }

        assertThat(scripts).as("nothing to relay: one look per master").containsExactly((long) MASTERS.ports().size());
        store = RedisStore.open(null, REDIS.clusterSeeds(), RedisSettings.defaults());
    }

    @Test
    void aViewOfTheSlotsThatIsBehindStillAnswersRightBucketByBucket() {
        Set<UserId> closed = closedUsers(50);
        // every bucket believed to be on one server: each master refuses the keys it does not hold
        int[] all = IntStream.range(0, KEYS.buckets()).toArray();
        List<List<UserId>> due = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        bare((connection, client) -> {
            BucketIndexes stale = new BucketIndexes(connection.async(), KEYS, () -> List.of(all), true);
            due.add(stale.due(GRACE.deadlineFrom(T0), 1_000).join());
            counts.add(stale.onlineCount().join());
        });
        assertThat(counts).containsExactly(await(store.presence().onlineCount()));
        assertThat(due.get(0)).containsExactlyInAnyOrderElementsOf(closed);
    }
}
