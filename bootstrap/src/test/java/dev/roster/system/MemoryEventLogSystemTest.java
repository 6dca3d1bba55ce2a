package dev.roster.system;

import static dev.roster.system.EventLogSystemTest.encode;
import static dev.roster.system.EventLogSystemTest.makeEvents;
import static dev.roster.system.EventLogSystemTest.statuses;
import static dev.roster.system.EventLogSystemTest.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.ws.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event log of an embedded node (memory store): the same events and shapes as on Redis, and a log that is lost
 * with the node: after a restart, an id of the earlier run answers 410, never a silent gap.
 */
class MemoryEventLogSystemTest {
    private static final String NODE = "mem-node";

    @Test
    void a_scripted_session_makes_exactly_the_contracts_events_and_pages_and_streams_walk_them() {
        try (TestNode node = TestNode.start(NODE, Map.of())) {
            ScriptedSession script = ScriptedSession.play("mem", node, NODE, node, NODE);
            await().atMost(WsClient.WAIT).untilAsserted(() -> script.assertLogged(Events.all(node.api())));

            makeEvents(node, "mem-more", 30);
            List<String> whole = Events.ids(Events.all(node.api()));
            for (int limit : new int[] {1, 9}) {
                assertThat(Events.ids(Events.after(node.api(), null, limit))).isEqualTo(whole);
            }

            String mark = whole.get(4);
            List<EventStream.Event> seen = new ArrayList<>();
            try (WsClient ann = node.client("mem-streamer").connect()) {
                EventStream first = EventStream.open(node, "after=" + encode(mark), null);
                assertThat(first.status()).isEqualTo(200);
                await().atMost(WsClient.WAIT).until(() -> first.events().size() >= 10);
                first.close();
                seen.addAll(first.events());
                statuses(ann, 0, 10);
                EventStream second = EventStream.open(node, null, seen.get(seen.size() - 1).id());
                statuses(ann, 10, 20);
                String newest = Events.newest(node.api());
                await().atMost(WsClient.WAIT).until(() -> second.ids().contains(newest));
                second.close();
                seen.addAll(second.events());
                List<JsonNode> logged = Events.after(node.api(), mark, Events.MAX_LIMIT);
                List<String> streamed = upTo(seen.stream().map(EventStream.Event::id).toList(), newest);
                assertThat(streamed).isEqualTo(upTo(Events.ids(logged), newest));
                for (int i = 0; i < streamed.size(); i++) {
                    assertThat(seen.get(i).json()).isEqualTo(logged.get(i));
                }
            }
        }
    }

    @Test
    void an_id_from_before_a_restart_answers_gone_with_the_oldest_of_the_new_log() {
        String old;
        try (TestNode node = TestNode.start(NODE, Map.of())) {
            makeEvents(node, "mem-before", 3);
            old = Events.newest(node.api());
        }
        try (TestNode node = TestNode.start(NODE, Map.of())) {
            makeEvents(node, "mem-after", 2);
            List<JsonNode> fresh = Events.all(node.api());
            assertThat(Events.ofUsers(fresh, "mem-before")).as("the old run's log is gone with it").isEmpty();
            String oldest = fresh.get(0).path("id").asText();
            assertThat(Events.ids(fresh)).doesNotContain(old);

            Api.Answer gone = Events.page(node.api(), old, 10);
            assertThat(gone.status()).as(gone.body()).isEqualTo(410);
            assertThat(gone.json().path("error").asText()).isEqualTo("gone");
            assertThat(gone.json().path("oldest").asText()).isEqualTo(oldest);
            EventStream stream = EventStream.open(node, null, old);
            assertThat(stream.status()).isEqualTo(410);
            assertThat(stream.refusalJson().path("oldest").asText()).isEqualTo(oldest);

            assertThat(Events.page(node.api(), oldest, 10).status()).isEqualTo(200);
        }
    }
}
