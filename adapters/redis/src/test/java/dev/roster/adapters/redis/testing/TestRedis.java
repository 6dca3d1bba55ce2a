package dev.roster.adapters.redis.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;

/**
 * A Redis the tests own, as a JUnit 5 extension ({@code @RegisterExtension static final TestRedis redis =
 * TestRedis.standalone();}). Standalone: {@code ROSTER_TEST_REDIS_URL} if set (unless the test must restart it),
 * else a container where a Docker engine answers, else {@code redis-server} from the PATH on a free port. A cluster: three cluster-enabled
 * {@code redis-server}s. A Sentinel: a {@code redis-server} master and a Sentinel that monitors it. Where none can be had, every test of the class fails saying what to install; none is
 * ever skipped, and the machine's own Redis on 6379 is never touched.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {
    private static final String INSTALL = "No Redis for the tests: install redis-server (apt-get install redis-server)"
            + " or set ROSTER_TEST_REDIS_URL";

    private final boolean cluster;
    private final boolean restartable;
    private final boolean sentinel;
    private Path dir;
    private String url;
    private RedisProcess process;
    private RedisCluster redisCluster;
    private RedisSentinel redisSentinel;
    private FixedHostPortGenericContainer<?> container;
    private int classesInside;

    private TestRedis(boolean cluster, boolean restartable, boolean sentinel) {
        this.cluster = cluster;
        this.restartable = restartable;
        this.sentinel = sentinel;
    }

    public static TestRedis standalone() {
        return new TestRedis(false, false, false);
    }

    /**
     * A standalone Redis this test starts itself (a container or {@code redis-server}, never
     * {@code ROSTER_TEST_REDIS_URL}), so that it can {@link #stop()} and {@link #restart()} it.
     */
    public static TestRedis restartable() {
        return new TestRedis(false, true, false);
    }

    /** A 3-master Redis Cluster of {@code redis-server}s on free ports. */
    public static TestRedis cluster() {
        return new TestRedis(true, false, false);
    }

    /**
     * A {@code redis-server} master and a Sentinel monitoring it as {@code mymaster}, on free ports; {@link #url()}
     * is then {@code redis-sentinel://127.0.0.1:<sentinel port>#mymaster}.
     */
    public static TestRedis sentinel() {
        return new TestRedis(false, false, true);
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
            redisCluster = new RedisCluster(dir, 3);
            redisCluster.start();
            return;
        }
        if (sentinel) {
            requireRedisServer();
            redisSentinel = new RedisSentinel(dir);
            redisSentinel.start();
            url = redisSentinel.url();
            return;
        }
        String given = System.getenv("ROSTER_TEST_REDIS_URL");
        if (given != null && !given.isBlank() && !restartable) {
            url = given;
        } else if (dockerAnswers()) {
            int port = FreePorts.any();
            container = new FixedHostPortGenericContainer<>("redis:7-alpine").withFixedExposedPort(port, 6379)
                    .withCommand("redis-server", "--save", "", "--appendonly", "no");
            container.start();
            url = "redis://127.0.0.1:" + port;
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

    private static boolean dockerAnswers() {
        // asking Testcontainers where no engine can be costs seconds of probing per test class
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
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
        } else if (container != null) {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
        } else {
            throw new IllegalStateException("only a Redis this test started can be stopped; unset ROSTER_TEST_REDIS_URL");
        }
    }

    /** Starts again on the same port, empty. */
    public void restart() {
        if (process != null) {
            process.start();
        } else if (container != null) {
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        } else {
            throw new IllegalStateException("only a Redis this test started can be restarted");
        }
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
            process.stop();
        }
        if (redisCluster != null) {
            redisCluster.close();
        }
        if (redisSentinel != null) {
            redisSentinel.close();
        }
        if (container != null) {
            container.stop();
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
