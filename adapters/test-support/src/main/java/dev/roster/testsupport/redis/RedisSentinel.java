package dev.roster.testsupport.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code redis-server} master, optionally one replica of it, and one {@code redis-server --sentinel} that
 * monitors it as {@value #MASTER}, all on free loopback ports (processes or containers, as {@link RedisProcess}), so that clients find the master the way
 * {@code redis-sentinel://} URLs do. With a replica, the master can be failed over to a replica that missed the
 * last writes, as an asynchronous replica does when its master dies.
 */
final class RedisSentinel implements AutoCloseable {
    static final String MASTER = "mymaster";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    /** How long the master must be silent before the Sentinel fails it over. */
    private static final int DOWN_AFTER_MS = 1000;

    private final RedisProcess master;
    private final RedisProcess replica;
    private final RedisProcess sentinel;
    private final Path sentinelConfig;

    RedisSentinel(Path dir, boolean withReplica) {
        this.master = new RedisProcess(FreePorts.any(), dir.resolve("master"), List.of("--repl-diskless-sync-delay", "0"));
        this.replica = withReplica ? new RedisProcess(FreePorts.any(), dir.resolve("replica"),
                List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()))) : null;
        int sentinelPort = FreePorts.any();
        Path sentinelDir = dir.resolve("sentinel-" + sentinelPort);
        this.sentinelConfig = sentinelDir.resolve("sentinel.conf");
        this.sentinel = new RedisProcess(sentinelPort, sentinelDir, sentinelConfig, List.of("--sentinel"));
    }

    void start() throws IOException {
        master.start();
        if (replica != null) {
            replica.start();
            await(() -> replica.cli("INFO", "replication").contains("master_link_status:up"),
                    "the replica on " + replica.port() + " did not sync");
        }
        // a Sentinel rewrites its config file (its id, what it learns): it must be a writable file of its own
        Files.createDirectories(sentinelConfig.getParent());
        Files.writeString(sentinelConfig, String.join("\n",
                "sentinel resolve-hostnames no",
                "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER_MS,
                "sentinel failover-timeout " + MASTER + " 10000",
                ""), StandardCharsets.UTF_8);
        sentinel.start();
        String expected = "127.0.0.1\n" + master.port();
        await(() -> masterAddress().equals(expected),
                "the Sentinel did not name the master " + expected.replace('\n', ':'));
        if (replica != null) {
            await(() -> sentinel.cli("SENTINEL", "REPLICAS", MASTER).contains(Integer.toString(replica.port())),
                    "the Sentinel did not learn of the replica on " + replica.port());
        }
    }

    private String masterAddress() {
        return sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).strip();
    }

    /**
     * The replica misses what {@code missedWrites} writes: it is frozen ({@code kill -STOP}) and the master drops
     * its replication link; then the master is killed ({@code kill -9}), the replica thaws, and the Sentinel
     * promotes it. Returns once the Sentinel names the replica as the master and it answers as one.
     */
    void failOverToStaleReplica(Runnable missedWrites) {
        if (replica == null) {
            throw new IllegalStateException("this Sentinel setup has no replica to fail over to");
        }
        master.dieLeavingStale(replica, missedWrites);
        String expected = "127.0.0.1\n" + replica.port();
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        while (!masterAddress().equals(expected) || !replica.cli("ROLE").startsWith("master")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Sentinel did not fail over to the replica on " + replica.port()
                        + " within " + FAILOVER_TIMEOUT + "; it names " + masterAddress().replace('\n', ':'));
            }
            RedisProcess.sleep(100);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            RedisProcess.sleep(100);
        }
    }

    /** As {@code ROSTER_REDIS_URL} takes it: the Sentinel, and the name of the master it monitors. */
    String url() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER;
    }

    int masterPort() {
        return master.port();
    }

    @Override
    public void close() {
        try {
            sentinel.close();
        } finally {
            try {
                if (replica != null) {
                    replica.close();
                }
            } finally {
                master.close();
            }
        }
    }
}
