package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis restarts empty under two running nodes: while it is away they are not ready (503) and answer frames that
 * need it with {@code unavailable}, but keep every socket open; once it answers again, presence is back, exact.
 */
class RedisRestartIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode user(JarNode node, String user) throws Exception {
        return JSON.readTree(node.json("/api/users/" + user));
    }

    @Test
    void presenceIsBackExactAndNoSocketClosed() throws Exception {
        REDIS.flush();
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url());
        try (JarNode a = JarNode.start("node-a", env); JarNode b = JarNode.start("node-b", env);
             WsClient ann = WsClient.open(a.port(), "ann"); WsClient annPhone = WsClient.open(b.port(), "ann");
             WsClient bob = WsClient.open(b.port(), "bob")) {
            for (WsClient client : new WsClient[] {ann, annPhone, bob}) {
                client.send("{\"type\":\"join\",\"room\":\"hall\",\"id\":\"j\"}");
            }
            await().atMost(WAIT).until(() -> ann.got("joined") && annPhone.got("joined") && bob.got("joined"));

            REDIS.stop();
            await().atMost(WAIT).until(() -> a.status("/health/ready") == 503 && b.status("/health/ready") == 503);
            bob.send("{\"type\":\"who\",\"room\":\"hall\",\"id\":\"w\"}");
            await().atMost(WAIT).until(() -> bob.frames().stream().anyMatch(f -> "error".equals(f.path("type").asText())
                    && "unavailable".equals(f.path("code").asText())));

            REDIS.restart();

            await().atMost(WAIT).until(() -> a.status("/health/ready") == 200 && b.status("/health/ready") == 200
                    && user(a, "ann").path("sessions").asInt() == 2);
            for (JarNode node : new JarNode[] {a, b}) {
                JsonNode annView = user(node, "ann");
                assertThat(annView.path("state").asText()).isEqualTo("online");
                assertThat(annView.path("sessions").asInt()).isEqualTo(2);
                assertThat(annView.path("rooms").toString()).isEqualTo("[\"hall\"]");
                assertThat(user(node, "bob").path("state").asText()).isEqualTo("online");
                assertThat(JSON.readTree(node.json("/api/online/count")).path("count").asLong()).isEqualTo(2);
                assertThat(JSON.readTree(node.json("/api/rooms/hall")).path("members").findValuesAsText("user"))
                        .containsExactlyInAnyOrder("ann", "bob");
            }
            // every socket stayed open: each still answers
            for (WsClient client : new WsClient[] {ann, annPhone, bob}) {
                client.send("{\"type\":\"ping\",\"id\":\"p\"}");
            }
            await().atMost(WAIT).until(() -> ann.got("pong") && annPhone.got("pong") && bob.got("pong"));
            assertThat(bob.presenceOf("ann", "hall")).doesNotContain("offline");
        }
    }
}
