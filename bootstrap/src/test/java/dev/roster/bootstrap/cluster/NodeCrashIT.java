package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node killed with {@code kill -9} leaves no ghosts: another node reaps its sessions once its lease lapses and
 * announces its users offline after the grace period. A node started again under the same name is a new boot:
 * it neither adopts nor loses what belongs to the old one.
 */
class NodeCrashIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration GRACE = Duration.ofMillis(500);
    /** The stated bound: the lease, the grace, and one reaping round (at most half a second). */
    private static final Duration BOUND = LEASE.plus(GRACE).plusMillis(500);
    /** What this test adds to the bound: its polling of the node and the frame's trip, on a loaded machine. */
    private static final Duration MEASURING = Duration.ofMillis(700);
    private static final Duration OFFLINE_WITHIN = LEASE.plus(GRACE).plusSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> env() {
        return Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_LEASE_MS", Long.toString(LEASE.toMillis()),
                "ROSTER_GRACE_MS", Long.toString(GRACE.toMillis()));
    }

    private static String state(JarNode node, String user) throws Exception {
        return JSON.readTree(node.json("/api/users/" + user)).path("state").asText();
    }

    @Test
    void usersOfAKilledNodeGoOfflineEverywhereWithinLeaseAndGrace() throws Exception {
        REDIS.flush();
        try (JarNode steady = JarNode.start("steady", env());
             WsClient watcher = WsClient.open(steady.port(), "watcher")) {
            watcher.send("{\"type\":\"join\",\"room\":\"hall\",\"id\":1}");
            await().atMost(WAIT).until(() -> watcher.got("joined"));
            JarNode crashy = JarNode.start("crashy", env());
            try {
                WsClient u1 = WsClient.open(crashy.port(), "u1");
                WsClient u2 = WsClient.open(crashy.port(), "u2");
                u1.send("{\"type\":\"join\",\"room\":\"hall\"}");
                u2.send("{\"type\":\"join\",\"room\":\"hall\"}");
                await().atMost(WAIT).until(() -> watcher.presenceOf("u1", "hall").contains("online")
                        && watcher.presenceOf("u2", "hall").contains("online"));
                assertThat(state(steady, "u1")).isEqualTo("online");

                long killedAt = System.nanoTime();
                crashy.kill();

                await().atMost(OFFLINE_WITHIN).pollInterval(Duration.ofMillis(20))
                        .until(() -> watcher.presenceOf("u1", "hall").contains("offline")
                                && watcher.presenceOf("u2", "hall").contains("offline"));
                Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
                System.out.printf("kill -9 to offline heard on the other node: %d ms (lease %d + grace %d + one "
                        + "reaping round 500 = %d ms)%n", took.toMillis(), LEASE.toMillis(), GRACE.toMillis(),
                        BOUND.toMillis());
                assertThat(took).as("offline heard within lease + grace + one reaping round")
                        .isLessThanOrEqualTo(BOUND.plus(MEASURING));
                await().atMost(WAIT).until(() -> state(steady, "u1").equals("offline")
                        && state(steady, "u2").equals("offline"));
                assertThat(watcher.presenceOf("u1", "hall")).containsExactly("online", "offline");
                assertThat(watcher.presenceOf("u2", "hall")).containsExactly("online", "offline");
                assertThat(JSON.readTree(steady.json("/api/online/count")).path("count").asLong()).isEqualTo(1);
                // the surviving node says so in its log and in the operators' feed
                assertThat(steady.logText()).contains("node crashy", "closed its 2 sessions of 2 users");
                assertThat(steady.feedUntil("node_removed", WAIT)).contains("\"node\":\"crashy\"",
                        "\"users\":2", "\"sessions\":2");
            } finally {
                crashy.close();
            }
        }
    }

    @Test
    void aNodeRestartedUnderTheSameNameNeitherAdoptsNorLosesTheOldBootsSessions() throws Exception {
        REDIS.flush();
        try (JarNode steady = JarNode.start("steady", env())) {
            JarNode first = JarNode.start("phoenix", env());
            WsClient old = WsClient.open(first.port(), "old-user");
            await().atMost(WAIT).until(() -> state(steady, "old-user").equals("online"));
            first.kill();
            old.abort();

            try (JarNode second = JarNode.start("phoenix", env());
                 WsClient fresh = WsClient.open(second.port(), "new-user")) {
                await().atMost(WAIT).until(() -> state(steady, "new-user").equals("online"));

                await().atMost(OFFLINE_WITHIN).until(() -> state(steady, "old-user").equals("offline"));
                // several lease periods later the new boot still holds its user
                await().pollDelay(LEASE.multipliedBy(2)).atMost(WAIT)
                        .until(() -> state(second, "new-user").equals("online"));
                assertThat(state(steady, "new-user")).isEqualTo("online");
                List<String> nodes = JSON.readTree(steady.json("/api/nodes")).path("nodes").findValuesAsText("node");
                assertThat(nodes).containsExactlyInAnyOrder("steady", "phoenix");
            }
        }
    }
}
