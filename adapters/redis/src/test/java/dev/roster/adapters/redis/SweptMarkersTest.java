package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.out.Telemetry;
import dev.roster.testsupport.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a 3-master Redis Cluster, the grace sweep's script reads each master's epoch marker, and the reset watcher takes
 * that reading instead of sending its own: a check after a sweep of every master sends no script, one after no sweep
 * (another node's turn) or after a sweep read bucket by bucket (a view of the slots that is behind) reads every
 * master itself, and a master that loses its data is noticed by the sweep alone.
 */
class SweptMarkersTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());
    private static final ClusterMasters MASTERS = new ClusterMasters(REDIS, KEYS);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> connection;
    private ScheduledExecutorService timer;
    private ResetWatcher watcher;
    private BucketIndexes indexes;
    private final AtomicInteger restores = new AtomicInteger();

    @BeforeEach
    void open() {
        REDIS.flush();
        client = RedisClusterClient.create(List.of(RedisURI.create("redis://" + REDIS.clusterSeeds().split(",")[0])));
        connection = client.connect();
        timer = Executors.newSingleThreadScheduledExecutor();
        // never started: the test runs the checks, so that nothing else reads the markers
        watcher = new ResetWatcher(connection.async(), KEYS, () -> EpochMarkers.perMaster(client.getPartitions(), KEYS),
                () -> CompletableFuture.completedFuture(null), timer, java.time.Duration.ofHours(1), Telemetry.NONE);
        watcher.onReset(() -> {
            restores.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        indexes = new BucketIndexes(connection.async(), KEYS, () -> Shards.perMaster(client.getPartitions(), KEYS),
                true, watcher::swept);
        // the first check writes the markers and finds Redis answering (which restores once, as after any outage)
        watcher.check().join();
        awaitRestores(1);
        // the first sweep loads the script on each master (NOSCRIPT, then EVAL)
        indexes.due(NOW, 100).join();
        watcher.check().join();
    }

    @AfterEach
    void close() {
        watcher.close();
        connection.close();
        client.shutdown();
    }

    @Test
    void aCheckAfterASweepOfEveryMasterSendsNoEpochScript() {
        assertThat(MASTERS.ports()).hasSize(3);

        assertThat(MASTERS.scriptsRunBy(() -> indexes.due(NOW, 100).join())).as("the sweep: one script per master")
                .isEqualTo(3);
        assertThat(MASTERS.scriptsRunBy(() -> watcher.check().join())).as("the check after it").isZero();
        assertThat(MASTERS.scriptsRunBy(() -> watcher.check().join())).as("a check with no sweep since").isEqualTo(3);
        assertThat(restores).hasValue(1);
    }

    @Test
    void aSweepReadBucketByBucketLeavesTheMarkersToTheCheck() {
        // every bucket believed to be on one server: its master refuses the keys it does not hold, and the buckets
        // are read one by one, with no marker
        int[] all = IntStream.range(0, KEYS.buckets()).toArray();
        BucketIndexes stale = new BucketIndexes(connection.async(), KEYS, () -> List.of(all), true, watcher::swept);
        stale.due(NOW, 100).join();

        assertThat(MASTERS.scriptsRunBy(() -> watcher.check().join())).isEqualTo(3);
        assertThat(restores).hasValue(1);
    }

    @Test
    void aMasterThatLostItsDataIsNoticedByTheSweepAlone() {
        int marker = EpochMarkers.perMaster(client.getPartitions(), KEYS)[1];
        flushMaster(REDIS.shardPort(KEYS.epoch(marker)));

        // no check is due: the sweep finds the marker gone, and a check runs at once
        indexes.due(NOW, 100).join();

        awaitRestores(2);
        indexes.due(NOW, 100).join();
        watcher.check().join();
        assertThat(restores).as("told once").hasValue(2);
    }

    @Test
    void aMarkerWrittenAgainSinceIsNoticedByTheSweepAlone() {
        int marker = EpochMarkers.perMaster(client.getPartitions(), KEYS)[2];
        // the master lost its data and something wrote the marker again before the sweep (on a Cluster, the outbox
        // reads write their bucket's marker when it is missing)
        flushMaster(REDIS.shardPort(KEYS.epoch(marker)));
        REDIS.withCommands(redis -> redis.set(KEYS.epoch(marker), "written-again"));

        indexes.due(NOW, 100).join();

        awaitRestores(2);
    }

    private void awaitRestores(int count) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (restores.get() < count && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(restores).hasValue(count);
    }

    private static void flushMaster(int port) {
        RedisClient master = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> c = master.connect()) {
            c.sync().flushall();
        } finally {
            master.shutdown();
        }
    }
}
