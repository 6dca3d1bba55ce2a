package dev.roster.system;

import static dev.roster.system.EventLogSystemTest.encode;
import static dev.roster.system.EventLogSystemTest.makeEvents;
import static dev.roster.system.Frames.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis restarts without persistence under two nodes. What is lost with it: the log itself (every event appended
 * before the restart, and with it the generation its ids carry) and the delivery ledger (the webhook's position
 * and dead letters, so events appended but not yet delivered are never delivered). What must not happen: a silent
 * gap. Every id of the lost log answers 410 with the oldest id of the new one, a stream that followed the old log
 * ends instead of going on in the new one, and new events (the sessions the nodes restore first) flow again.
 */
class EventLogRedisRestartSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();
    private static final Duration BACK = Duration.ofSeconds(30);

    @Test
    void after_redis_restarts_empty_an_old_id_answers_gone_and_new_events_flow() {
        REDIS.flush();
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev");
        try (TestNode a = TestNode.start("rr-a", env); TestNode b = TestNode.start("rr-b", env);
             WsClient ann = a.client("rr-ann").connect()) {
            ann.send(join("rr-room").put("id", 1)).reply("joined", 1);
            makeEvents(b, "rr-before", 3);
            // its grace period over: nothing more is appended before the restart
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(a.api().user("rr-before").path("state").asText()).isEqualTo("offline"));
            List<String> before = Events.ids(Events.all(a.api()));
            String old = before.get(before.size() - 1);
            EventStream following = EventStream.open(b, "after=" + encode(before.get(0)), null);
            await().atMost(WsClient.WAIT).until(() -> following.ids().contains(old));

            REDIS.restartEmpty();

            // the nodes restore their sessions into the new Redis: those are the new log's first events
            await().atMost(BACK).untilAsserted(() -> assertThat(Events.of(Events.all(a.api()), "rr-ann").stream()
                    .filter(e -> e.path("type").asText().equals("session.opened")
                            && e.path("session").asText().equals(ann.session()))).isNotEmpty());
            List<JsonNode> fresh = Events.all(b.api());
            String oldest = fresh.get(0).path("id").asText();
            assertThat(Events.ids(fresh)).doesNotContainAnyElementsOf(before);

            for (TestNode node : List.of(a, b)) {
                Api.Answer gone = Events.page(node.api(), old, 10);
                assertThat(gone.status()).as(gone.body()).isEqualTo(410);
                assertThat(gone.json().path("error").asText()).isEqualTo("gone");
                assertThat(gone.json().path("oldest").asText()).isEqualTo(oldest);
            }
            // the stream that followed the old log ends rather than skip into the new one; resuming it is 410
            await().atMost(BACK).until(following::ended);
            assertThat(following.ids()).isSubsetOf(before);
            EventStream resumed = EventStream.open(a, null, following.ids().get(following.ids().size() - 1));
            assertThat(resumed.status()).isEqualTo(410);
            assertThat(resumed.refusalJson().path("oldest").asText()).isEqualTo(oldest);

            // new events flow, on both nodes, from the new oldest on
            EventStream fromOldest = EventStream.open(a, "after=" + encode(oldest), null);
            assertThat(fromOldest.status()).isEqualTo(200);
            makeEvents(b, "rr-after", 2);
            await().atMost(WsClient.WAIT).untilAsserted(() -> {
                assertThat(Events.ofUsers(Events.all(a.api()), "rr-after")).isNotEmpty();
                assertThat(fromOldest.events().stream().map(e -> e.json().path("user").asText()))
                        .contains("rr-after");
            });
            fromOldest.close();
        }
    }
}
