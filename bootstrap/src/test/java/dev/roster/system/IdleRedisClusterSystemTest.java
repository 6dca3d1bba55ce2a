package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an idle node alone on a 3-master Redis Cluster sends, as {@code MONITOR} on each master reports it: it sweeps
 * every round of the grace sweep, whose script reads each master's epoch marker, so its reset checks need not send
 * the {@code epoch} script to those masters as well.
 */
class IdleRedisClusterSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    /** How many sweep scripts each master must have run before the counts are read. */
    private static final int SWEEPS_PER_MASTER = 12;

    @Test
    void an_idle_node_alone_checks_the_masters_it_sweeps_with_its_sweep() throws Exception {
        REDIS.flush();
        Set<Integer> masters = new TreeSet<>();
        for (int b = 0; b < 64; b++) {
            masters.add(REDIS.shardPort("roster:{b" + b + "}:due"));
        }
        assertThat(masters).hasSize(3);
        Map<String, String> env = Map.of("ROSTER_REDIS_CLUSTER", REDIS.clusterSeeds(), "ROSTER_AUTH", "dev");
        List<RedisMonitor> monitors = new ArrayList<>();
        try (TestNode node = TestNode.start("idle-a", env)) {
            for (int port : masters) {
                monitors.add(RedisMonitor.start(port));
            }
            // the node's first rounds (the first check, which finds Redis answering and restores; the scripts loaded
            // on each master) are left out: counted from the third sweep of every master on
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    monitors.stream().allMatch(m -> count(m, 0, "due-all") >= 3));
            int[] from = monitors.stream().mapToInt(RedisMonitor::position).toArray();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                    IntStream.range(0, from.length).allMatch(i ->
                            count(monitors.get(i), from[i], "due-all") >= SWEEPS_PER_MASTER));
            long sweeps = IntStream.range(0, from.length).mapToLong(i -> count(monitors.get(i), from[i], "due-all"))
                    .sum();
            long checks = IntStream.range(0, from.length).mapToLong(i -> count(monitors.get(i), from[i], "epoch"))
                    .sum();
            // before, each master had its marker read by an epoch script every 500 ms, as often as it was swept: now
            // only a check that falls in a period with no sweep (the two timers drift apart) sends one
            assertThat(checks).as("epoch scripts beside %d sweep scripts", sweeps).isLessThanOrEqualTo(sweeps / 4);
        } finally {
            for (RedisMonitor m : monitors) {
                m.close();
            }
        }
    }

    /** The scripts of this name the node sent to a master since a position of its monitor. */
    private static long count(RedisMonitor monitor, int from, String script) {
        return monitor.since(from).stream().filter(c -> !c.fromScript())
                .filter(c -> c.name().equals("EVALSHA " + script) || c.name().equals("EVAL " + script)).count();
    }
}
