package dev.roster.testsupport.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis the tests own, as a JUnit 5 extension ({@code @RegisterExtension static final TestRedis redis =
 * TestRedis.standalone();}). Standalone: {@code ROSTER_TEST_REDIS_URL} if set (unless the test must restart it),
 * else a {@code redis-server} on a free port. A cluster: three cluster-enabled {@code redis-server}s, optionally each
 * with a replica. A Sentinel: a {@code redis-server} master, optionally a replica, and a Sentinel that monitors it.
 * Every server is a container where a Docker engine answers, else a process from the PATH ({@link RedisLauncher});
 * both are killed, snapshotted and restarted alike. Where none can be had, every test of the class fails saying
 * what to install; none is ever skipped, and the machine's own Redis on 6379 is never touched.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {
    private static final String INSTALL = "No Redis for the tests: install redis-server (apt-get install redis-server),"
            + " run a Docker engine, or set ROSTER_TEST_REDIS_URL";

    private final boolean cluster;
    private final boolean restartable;
    private final boolean sentinel;
    private final boolean replicas;
    private Path dir;
    private String url;
    private RedisProcess process;
    private RedisCluster redisCluster;
    private RedisSentinel redisSentinel;
    private int classesInside;

    private TestRedis(boolean cluster, boolean restartable, boolean sentinel, boolean replicas) {
        this.cluster = cluster;
        this.restartable = restartable;
        this.sentinel = sentinel;
        this.replicas = replicas;
    }

    public static TestRedis standalone() {
        return new TestRedis(false, false, false, false);
    }

    /**
     * A standalone Redis this test starts itself (never {@code ROSTER_TEST_REDIS_URL}), so that it can
     * {@link #stop()} and {@link #restart()} it.
     */
    public static TestRedis restartable() {
        return new TestRedis(false, true, false, false);
    }

    /**
     * A standalone {@code redis-server} this test starts itself (never {@code ROSTER_TEST_REDIS_URL}), so that it
     * can also {@link #snapshot()} it, {@link #restartFromSnapshot()} and {@link #restartEmpty()}.
     */
    public static TestRedis breakable() {
        return new TestRedis(false, true, false, false);
    }

    /** A 3-master Redis Cluster of {@code redis-server}s on free ports. */
    public static TestRedis cluster() {
        return new TestRedis(true, false, false, false);
    }

    /** A Redis Cluster of 3 masters, each with one replica, that can {@link #failOverToStaleReplica fail over}. */
    public static TestRedis clusterWithReplicas() {
        return new TestRedis(true, false, false, true);
    }

    /**
     * A {@code redis-server} master and a Sentinel monitoring it as {@code mymaster}, on free ports; {@link #url()}
     * is then {@code redis-sentinel://127.0.0.1:<sentinel port>#mymaster}.
     */
    public static TestRedis sentinel() {
        return new TestRedis(false, false, true, false);
    }

    /** As {@link #sentinel()}, with a replica the master can {@link #failOverToStaleReplica fail over} to. */
    public static TestRedis sentinelWithReplica() {
        return new TestRedis(false, false, true, true);
    }

    /** Nested test classes see the extension of their outer class too: the Redis starts once, for the outermost. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (classesInside++ == 0) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--classesInside == 0) {
            close();
        }
    }

    /** Starts the Redis, for tests that run it outside the extension's life cycle. */
    public void start() throws IOException {
        dir = Files.createTempDirectory("roster-redis-");
        if (cluster) {
            requireRedisServer();
            redisCluster = new RedisCluster(dir, 3, replicas ? 1 : 0);
            redisCluster.start();
            return;
        }
        if (sentinel) {
            requireRedisServer();
            redisSentinel = new RedisSentinel(dir, replicas);
            redisSentinel.start();
            url = redisSentinel.url();
            return;
        }
        String given = System.getenv("ROSTER_TEST_REDIS_URL");
        if (given != null && !given.isBlank() && !restartable) {
            url = given;
        } else {
            requireRedisServer();
            process = new RedisProcess(FreePorts.any(), dir.resolve("standalone"), java.util.List.of());
            process.start();
            url = "redis://127.0.0.1:" + process.port();
        }
    }

    private static void requireRedisServer() {
        if (!RedisProcess.installed()) {
            throw new IllegalStateException(INSTALL);
        }
    }

    public boolean isCluster() {
        return cluster;
    }

    /** As {@code ROSTER_REDIS_URL} takes it; null for a cluster. */
    public String url() {
        return url;
    }

    /** The master behind a Sentinel, addressed directly ({@code redis://}): to check where the data went. */
    public String masterUrl() {
        if (!sentinel) {
            throw new IllegalStateException("only a Sentinel setup has a master apart from its url");
        }
        return "redis://127.0.0.1:" + redisSentinel.masterPort();
    }

    /** As {@code ROSTER_REDIS_CLUSTER} takes it; null unless a cluster. */
    public String clusterSeeds() {
        return cluster ? redisCluster.seeds() : null;
    }

    /** Stops the server (as a crash: nothing is saved); it comes back empty with {@link #restart()}. */
    public void stop() {
        if (process != null) {
            process.stop();
        } else {
            throw new IllegalStateException("only a Redis this test started can be stopped; unset ROSTER_TEST_REDIS_URL");
        }
    }

    /** Starts again on the same port, empty (a snapshot taken before is not loaded). */
    public void restart() {
        if (process != null) {
            if (!process.isRunning()) {
                process.wipe();
            }
            process.start();
        } else {
            throw new IllegalStateException("only a Redis this test started can be restarted");
        }
    }

    /** Kills the server ({@code kill -9}) and starts it again at once on the same port, empty. */
    public void restartEmpty() {
        stop();
        restart();
    }

    /** Takes an RDB snapshot now ({@code SAVE}), for {@link #restartFromSnapshot()}. */
    public void snapshot() {
        ownProcess().save();
    }

    /**
     * Kills the server ({@code kill -9}) and starts it again at once on the same port, loading the last
     * {@link #snapshot()}: whatever changed since then is lost, and what was gone since then is back.
     */
    public void restartFromSnapshot() {
        RedisProcess server = ownProcess();
        if (!Files.exists(server.dir().resolve("dump.rdb"))) {
            throw new IllegalStateException("no snapshot to restart from: take one with snapshot() first");
        }
        server.stop();
        server.start();
    }

    /**
     * Fails the master over to a replica that missed what {@code missedWrites} writes (a Sentinel setup or a
     * cluster with replicas; on a cluster, the master that serves {@code key}): the replica is frozen and cut off,
     * the writes happen, the master is killed ({@code kill -9}), the replica thaws and is promoted. Returns once
     * the promoted replica answers as the master.
     */
    public void failOverToStaleReplica(String key, Runnable missedWrites) {
        if (sentinel && replicas) {
            redisSentinel.failOverToStaleReplica(missedWrites);
        } else if (cluster && replicas) {
            redisCluster.failOverToStaleReplica(key, missedWrites);
        } else {
            throw new IllegalStateException("only sentinelWithReplica() and clusterWithReplicas() can fail over");
        }
    }

    /**
     * Kills the cluster master that serves {@code key} ({@code kill -9}) and starts it again at once, empty: it
     * keeps its slots, and every other master keeps its data.
     */
    public void restartShardEmpty(String key) {
        if (!cluster) {
            throw new IllegalStateException("only a cluster has shards");
        }
        redisCluster.restartEmpty(key);
    }

    /** The port of the cluster master that serves {@code key} now. */
    public int shardPort(String key) {
        if (!cluster) {
            throw new IllegalStateException("only a cluster has shards");
        }
        return redisCluster.masterOf(key).port();
    }

    /** The port of the standalone server, as the nodes of a test reach it (directly or through a proxy). */
    public int port() {
        if (process != null) {
            return process.port();
        }
        if (cluster || sentinel || url == null) {
            throw new IllegalStateException("only a standalone Redis has one port");
        }
        return java.net.URI.create(url).getPort();
    }

    private RedisProcess ownProcess() {
        if (process == null) {
            throw new IllegalStateException("only a breakable() Redis can be snapshotted and restarted from it");
        }
        return process;
    }

    /** Empties the whole Redis (every master of a cluster), so a test starts from nothing. */
    public void flush() {
        withCommands(commands -> commands.flushall());
    }

    /** Runs synchronous commands on the Redis, for setting up and inspecting tests. */
    public void withCommands(Consumer<io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String>> use) {
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create(Arrays.stream(clusterSeeds().split(","))
                    .map(s -> RedisURI.create("redis://" + s)).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                use.accept(connection.sync());
            } finally {
                client.shutdown();
            }
        } else {
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                use.accept(connection.sync());
            } finally {
                client.shutdown();
            }
        }
    }

    public void close() {
        if (process != null) {
            process.close();
        }
        if (redisCluster != null) {
            redisCluster.close();
        }
        if (redisSentinel != null) {
            redisSentinel.close();
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            RedisProcess.deleteTree(dir);
        } catch (java.io.UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }
}
