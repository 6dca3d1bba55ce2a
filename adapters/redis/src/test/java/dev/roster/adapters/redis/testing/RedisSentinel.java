package dev.roster.adapters.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code redis-server} master and one {@code redis-server --sentinel} that monitors it as {@value #MASTER}, both
 * on free loopback ports, so that clients find the master the way {@code redis-sentinel://} URLs do.
 */
final class RedisSentinel implements AutoCloseable {
    static final String MASTER = "mymaster";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final RedisProcess master;
    private final RedisProcess sentinel;
    private final Path sentinelConfig;

    RedisSentinel(Path dir) {
        this.master = new RedisProcess(FreePorts.any(), dir.resolve("master"), List.of());
        int sentinelPort = FreePorts.any();
        Path sentinelDir = dir.resolve("sentinel-" + sentinelPort);
        this.sentinelConfig = sentinelDir.resolve("sentinel.conf");
        this.sentinel = new RedisProcess(sentinelPort, sentinelDir, sentinelConfig, List.of("--sentinel"));
    }

    void start() throws IOException {
        master.start();
        // a Sentinel rewrites its config file (its id, what it learns): it must be a writable file of its own
        Files.createDirectories(sentinelConfig.getParent());
        Files.writeString(sentinelConfig, String.join("\n",
                "sentinel resolve-hostnames no",
                "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                ""), StandardCharsets.UTF_8);
        sentinel.start();
        List<String> ask = List.of("redis-cli", "-p", Integer.toString(sentinel.port()),
                "sentinel", "get-master-addr-by-name", MASTER);
        String expected = "127.0.0.1\n" + master.port();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String answer = RedisCluster.run(ask).strip();
        while (!answer.equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Sentinel did not name the master " + expected.replace('\n', ':')
                        + "; it said: " + answer);
            }
            RedisProcess.sleep(100);
            answer = RedisCluster.run(ask).strip();
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
            sentinel.stop();
        } finally {
            master.stop();
        }
    }
}
