package dev.roster.system;

import static dev.roster.system.EventLogSystemTest.encode;
import static dev.roster.system.EventLogSystemTest.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A log that keeps about {@code ROSTER_EVENTS_KEEP} events: reading after an event it trimmed answers 410 with the
 * oldest id it still keeps (never a silent gap), reading from that id works, and it keeps at least the newest
 * {@code KEEP}; on Redis (two nodes, one writing, the other reading) and on an embedded node.
 */
class EventLogTrimSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final int KEEP = 100;
    private static final int USERS = 10;
    private static final int CHANGES = 50;

    @Test
    void on_redis_an_id_trimmed_away_answers_gone_with_the_oldest_kept() {
        REDIS.flush();
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev",
                "ROSTER_EVENTS_KEEP", Integer.toString(KEEP));
        try (TestNode writer = TestNode.start("trim-a", env); TestNode reader = TestNode.start("trim-b", env)) {
            assertTrimmed(writer, reader);
        }
    }

    @Test
    void on_an_embedded_node_an_id_trimmed_away_answers_gone_with_the_oldest_kept() {
        try (TestNode node = TestNode.start("trim-memory", Map.of("ROSTER_EVENTS_KEEP", Integer.toString(KEEP)))) {
            assertTrimmed(node, node);
        }
    }

    private static void assertTrimmed(TestNode writer, TestNode reader) {
        String first;
        // users one after the other, each well under the frame rate a connection may send
        WsClient firstUser = writer.client("tr-first").connect();
        try {
            await().atMost(WsClient.WAIT).until(() -> !Events.all(reader.api()).isEmpty());
            first = Events.all(reader.api()).get(0).path("id").asText();
        } finally {
            firstUser.close();
        }
        for (int u = 0; u < USERS; u++) {
            try (WsClient user = writer.client(String.format("tr-u%02d", u)).connect()) {
                statuses(user, 0, CHANGES);
            }
        }
        Events.awaitQuiet(reader.api(), WsClient.WAIT);

        Api.Answer gone = Events.page(reader.api(), first, 10);
        assertThat(gone.status()).as(gone.body()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/json");
        JsonNode body = gone.json();
        assertThat(body.path("error").asText()).isEqualTo("gone");
        assertThat(body.path("oldest").isTextual()).as(gone.body()).isTrue();
        String oldest = body.path("oldest").asText();

        // from the oldest kept on, the newest events, at least KEEP of them, none missing at the end
        List<JsonNode> kept = Events.all(reader.api());
        assertThat(kept.get(0).path("id").asText()).isEqualTo(oldest);
        assertThat(kept.size()).isGreaterThanOrEqualTo(KEEP).isLessThan(USERS * CHANGES);
        // the last user's whole life is among the newest KEEP, in order
        String last = String.format("tr-u%02d", USERS - 1);
        List<String> texts = Events.of(kept, last).stream().filter(e -> e.path("type").asText().equals("user.status"))
                .map(e -> e.path("text").asText()).toList();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            all.add("step " + i);
        }
        assertThat(texts).isEqualTo(all);
        assertThat(kept.get(kept.size() - 1).path("type").asText()).isEqualTo("user.offline");
        assertThat(kept.get(kept.size() - 1).path("user").asText()).isEqualTo(last);

        Api.Answer afterOldest = Events.page(reader.api(), oldest, 10);
        assertThat(afterOldest.status()).isEqualTo(200);
        assertThat(afterOldest.json().path("events").get(0).path("id").asText())
                .isEqualTo(kept.get(1).path("id").asText());

        // the stream says the same before it starts, whether asked by header or by query
        for (EventStream stream : List.of(EventStream.open(reader, null, first),
                EventStream.open(reader, "after=" + encode(first), null))) {
            assertThat(stream.status()).isEqualTo(410);
            JsonNode refusal = stream.refusalJson();
            assertThat(refusal.path("error").asText()).isEqualTo("gone");
            assertThat(refusal.path("oldest").asText()).isEqualTo(oldest);
        }
    }
}
