package dev.roster.adapters.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Three cluster-enabled {@code redis-server}s made one Redis Cluster with {@code redis-cli --cluster create}. */
final class RedisCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private final List<RedisProcess> masters = new ArrayList<>();

    RedisCluster(Path dir, int size) {
        for (int i = 0; i < size; i++) {
            int port = FreePorts.withBusPort();
            masters.add(new RedisProcess(port, dir.resolve("node-" + port), List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000")));
        }
    }

    void start() {
        masters.forEach(RedisProcess::start);
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String output = run(create);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!masters.stream().allMatch(m -> run(List.of("redis-cli", "-p", Integer.toString(m.port()),
                "cluster", "info")).contains("cluster_state:ok"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not become ok; redis-cli said: " + output);
            }
            RedisProcess.sleep(100);
        }
    }

    /** The seeds as {@code ROSTER_REDIS_CLUSTER} takes them. */
    String seeds() {
        return masters.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
    }

    List<Integer> ports() {
        return masters.stream().map(RedisProcess::port).toList();
    }

    @Override
    public void close() {
        masters.forEach(RedisProcess::stop);
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
