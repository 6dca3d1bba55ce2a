package dev.roster.system;

import static dev.roster.system.Deliveries.assertDeliveredOnce;
import static dev.roster.system.Deliveries.webhook;
import static dev.roster.system.Deliveries.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.webhook.WebhookReceiver;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event log on a Redis Cluster, where a commit appends to its bucket's outbox and a relay moves the outboxes
 * into the one log: two nodes still read exactly the contract's events in each user's order, the same on both,
 * and the webhook gets each once, in each user's order, while users come and go on both nodes at once.
 */
class EventLogRedisClusterSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();
    private static final Duration DELIVERED = Duration.ofSeconds(60);

    @Test
    void two_nodes_on_a_cluster_log_the_contracts_events_in_order_and_deliver_each_once() {
        REDIS.flush();
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET)) {
            Map<String, String> env = with(webhook(receiver), Map.of("ROSTER_REDIS_CLUSTER", REDIS.clusterSeeds(),
                    "ROSTER_AUTH", "dev", "ROSTER_WEBHOOK_BATCH", "7"));
            try (TestNode a = TestNode.start("cl-a", env); TestNode b = TestNode.start("cl-b", env)) {
                ScriptedSession script = ScriptedSession.play("cl", a, "cl-a", b, "cl-b");
                await().atMost(WsClient.WAIT).untilAsserted(() -> script.assertLogged(Events.all(b.api())));

                WebhookClusterSystemTest.churnAtOnce(List.of(a, b), "clc", 8);
                Events.awaitQuiet(a.api(), DELIVERED);
                await().atMost(WsClient.WAIT).untilAsserted(() -> {
                    List<JsonNode> fromA = Events.all(a.api());
                    assertThat(Events.all(b.api())).isEqualTo(fromA);
                    assertThat(Events.ofUsers(fromA, "clc-")).hasSize(2 * 8 * 7);
                });
                // each user's life in its order, though its commits went through outboxes and relays
                List<JsonNode> log = Events.all(a.api());
                for (String user : log.stream().map(e -> e.path("user").asText()).filter(u -> u.startsWith("clc-"))
                        .distinct().toList()) {
                    assertThat(Events.of(log, user).stream().map(e -> e.path("type").asText()).toList()).as(user)
                            .containsExactly("user.online", "session.opened", "room.joined", "user.status",
                                    "room.left", "session.closed", "user.offline");
                }
                assertDeliveredOnce(receiver, a.api(), DELIVERED);
            }
        }
    }
}
