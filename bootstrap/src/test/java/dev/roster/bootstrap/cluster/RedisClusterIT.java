package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two real nodes on a 3-master Redis Cluster ({@code ROSTER_REDIS_CLUSTER}) behave as one node does. */
class RedisClusterIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void membersOnEitherNodeSeeEachOtherAndHearWhatIsSaid() throws Exception {
        REDIS.flush();
        Map<String, String> env = Map.of("ROSTER_REDIS_CLUSTER", REDIS.clusterSeeds());
        try (JarNode a = JarNode.start("node-a", env); JarNode b = JarNode.start("node-b", env);
             WsClient bob = WsClient.open(b.port(), "bob"); WsClient ann = WsClient.open(a.port(), "ann")) {
            bob.send("{\"type\":\"join\",\"room\":\"hall\"}");
            await().atMost(WAIT).until(() -> bob.got("joined"));
            ann.send("{\"type\":\"join\",\"room\":\"hall\"}");
            await().atMost(WAIT).until(() -> bob.presenceOf("ann", "hall").contains("online"));

            ann.send("{\"type\":\"say\",\"room\":\"hall\",\"text\":\"across the cluster\"}");

            await().atMost(WAIT).until(() -> said(bob) && said(ann));
            for (JarNode node : new JarNode[] {a, b}) {
                assertThat(JSON.readTree(node.json("/api/online/count")).path("count").asLong()).isEqualTo(2);
                assertThat(JSON.readTree(node.json("/api/rooms/hall")).path("members").findValuesAsText("user"))
                        .containsExactly("ann", "bob");
                assertThat(node.status("/health/ready")).isEqualTo(200);
            }
        }
    }

    private static boolean said(WsClient user) {
        return user.frames().stream().anyMatch(f -> "message".equals(f.path("type").asText())
                && "across the cluster".equals(f.path("text").asText()));
    }
}
