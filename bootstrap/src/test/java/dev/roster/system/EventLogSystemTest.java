package dev.roster.system;

import static dev.roster.system.Frames.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event log of two Redis-backed nodes, as a back end reads it: exactly the contract's events, in order per
 * user, the same from either node; pages that walk it with no gap and no repeat; a stream on one node that follows
 * what the other appends and resumes, after {@code ?after=} or {@code Last-Event-ID}, with no gap and no repeat,
 * even across a node's restart.
 */
class EventLogSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final String A = "log-a";
    private static final String B = "log-b";

    private static TestNode a;
    private static TestNode b;

    private static Map<String, String> env() {
        return Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev");
    }

    @BeforeAll
    static void start() {
        REDIS.flush();
        a = TestNode.start(A, env());
        b = TestNode.start(B, env());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void a_scripted_session_makes_exactly_the_contracts_events_in_order_and_both_nodes_read_the_same_log() {
        ScriptedSession script = ScriptedSession.play("el", a, A, b, B);

        await().atMost(WsClient.WAIT).untilAsserted(() -> script.assertLogged(Events.all(a.api())));
        await().atMost(WsClient.WAIT).untilAsserted(() -> {
            List<JsonNode> fromA = Events.all(a.api());
            assertThat(Events.all(b.api())).isEqualTo(fromA);
        });
        script.assertLogged(Events.all(b.api()));
    }

    @Test
    void pages_of_any_size_walk_the_whole_log_with_no_gap_and_no_repeat_from_either_node() {
        makeEvents(a, "pg-ann", 40);
        makeEvents(b, "pg-bob", 40);
        Events.awaitQuiet(a.api(), WsClient.WAIT);
        List<String> whole = Events.ids(Events.all(a.api()));
        assertThat(whole.size()).isGreaterThanOrEqualTo(80);

        for (int limit : new int[] {1, 7, 100}) {
            assertThat(Events.ids(Events.after(b.api(), null, limit))).as("pages of %d", limit).isEqualTo(whole);
        }
        // from the middle, through the other node
        String middle = whole.get(whole.size() / 2);
        assertThat(Events.ids(Events.after(b.api(), middle, 13)))
                .isEqualTo(whole.subList(whole.size() / 2 + 1, whole.size()));
        // after the newest: nothing, and next is that id
        JsonNode end = Events.page(a.api(), whole.get(whole.size() - 1), 10).json();
        assertThat(end.path("events")).isEmpty();
        assertThat(end.path("next").asText()).isEqualTo(whole.get(whole.size() - 1));
        // the default page and the limit's bounds
        assertThat(Events.page(a.api(), null, null).json().path("events").size()).isEqualTo(Math.min(100, whole.size()));
        assertThat(Events.page(a.api(), null, 1000).status()).isEqualTo(200);
        for (int bad : new int[] {0, -1, 1001}) {
            assertThat(Events.page(a.api(), null, bad).status()).as("limit %d", bad).isEqualTo(400);
        }
        assertThat(Events.page(a.api(), "not-an-id-of-this-log", 10).status()).isEqualTo(400);
        assertThat(a.api(null).get("/api/events").status()).isEqualTo(401);
        assertThat(EventStream.openAs(a, null).status()).isEqualTo(401);
        assertThat(EventStream.openAs(a, "not-the-token").status()).isEqualTo(401);
    }

    @Test
    void a_stream_on_one_node_follows_the_other_and_resumes_after_its_last_event_id_with_no_gap_and_no_repeat() {
        makeEvents(a, "st-warm", 3);
        String mark = Events.newest(a.api());

        List<EventStream.Event> seen = new ArrayList<>();
        try (WsClient ann = a.client("st-ann").connect()) {
            EventStream first = EventStream.open(b, "after=" + encode(mark), null);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.contentType()).startsWith("text/event-stream");
            statuses(ann, 0, 20);
            await().atMost(WsClient.WAIT).until(() -> first.events().size() >= 10);
            first.close();
            seen.addAll(first.events());
            assertThat(first.fieldLines().get(0)).isEqualTo("retry: 1000");

            // a bare connect starts from now: no history, then everything appended
            EventStream bare = EventStream.open(b, null, null);
            statuses(ann, 20, 40);
            // resumes after the header, which wins over ?after=
            String last = seen.get(seen.size() - 1).id();
            EventStream second = EventStream.open(b, "after=" + encode(mark), last);
            assertThat(second.status()).isEqualTo(200);
            statuses(ann, 40, 60);
            String newest = Events.newest(a.api());
            await().atMost(WsClient.WAIT).until(() -> second.ids().contains(newest));
            second.close();
            seen.addAll(second.events());

            // and after ?after= alone
            EventStream third = EventStream.open(b, "after=" + encode(last), null);
            await().atMost(WsClient.WAIT).until(() -> third.ids().contains(newest));
            third.close();
            assertThat(upTo(third.ids(), newest)).isEqualTo(upTo(second.ids(), newest));

            await().atMost(WsClient.WAIT).until(() -> bare.ids().contains(newest));
            bare.close();
            List<String> whole = Events.ids(Events.all(a.api()));
            List<String> fromNow = upTo(bare.ids(), newest);
            int at = whole.indexOf(fromNow.get(0));
            assertThat(fromNow).as("a gapless run of the log").isEqualTo(whole.subList(at, at + fromNow.size()));
            List<String> texts = bare.events().stream().map(EventStream.Event::json)
                    .filter(e -> e.path("user").asText().equals("st-ann")).map(e -> e.path("text").asText())
                    .toList();
            assertThat(texts).doesNotContain("step 19").contains("step 20", "step 59");
        }

        List<JsonNode> logged = Events.after(a.api(), mark, Events.MAX_LIMIT);
        List<String> loggedIds = Events.ids(logged);
        List<String> streamed = seen.stream().map(EventStream.Event::id).toList();
        assertThat(streamed).as("no gap, no repeat").isEqualTo(loggedIds.subList(0, streamed.size()));
        assertThat(Events.ofUsers(logged.subList(0, streamed.size()), "st-ann")).hasSizeGreaterThanOrEqualTo(61);
        for (int i = 0; i < seen.size(); i++) {
            EventStream.Event event = seen.get(i);
            assertThat(event.json()).isEqualTo(logged.get(i));
            assertThat(event.type()).isEqualTo(logged.get(i).path("type").asText());
        }
    }

    @Test
    void a_stream_resumed_on_the_other_node_after_its_node_restarted_still_has_everything() {
        makeEvents(a, "rs-warm", 2);
        String mark = Events.newest(a.api());
        List<EventStream.Event> seen = new ArrayList<>();
        try (WsClient ann = a.client("rs-ann").connect()) {
            EventStream onB = EventStream.open(b, "after=" + encode(mark), null);
            statuses(ann, 0, 15);
            await().atMost(WsClient.WAIT).until(() -> onB.events().size() >= 5);

            b.stop();
            await().atMost(WsClient.WAIT).until(onB::ended);
            seen.addAll(onB.events());
            // the log goes on while the node is down
            statuses(ann, 15, 30);
            b = TestNode.start(B, env());
            try (WsClient bob = b.client("rs-bob").connect()) {
                bob.send(status("away", "after the restart").put("id", 1)).reply("ok", 1);
            }

            String last = seen.get(seen.size() - 1).id();
            EventStream onA = EventStream.open(a, null, last);
            statuses(ann, 30, 40);
            String newest = Events.newest(a.api());
            await().atMost(WsClient.WAIT).until(() -> onA.ids().contains(newest));
            onA.close();
            seen.addAll(onA.events());

            // the restarted node reads the same from the start
            EventStream again = EventStream.open(b, "after=" + encode(mark), null);
            await().atMost(WsClient.WAIT).until(() -> again.ids().contains(newest));
            again.close();
            assertThat(upTo(again.ids(), newest))
                    .isEqualTo(upTo(seen.stream().map(EventStream.Event::id).toList(), newest));
        }

        List<JsonNode> logged = Events.after(b.api(), mark, Events.MAX_LIMIT);
        List<String> streamed = seen.stream().map(EventStream.Event::id).toList();
        assertThat(streamed).as("no gap, no repeat").isEqualTo(Events.ids(logged).subList(0, streamed.size()));
        assertThat(Events.ofUsers(logged, "rs-bob")).isNotEmpty();
        assertThat(Events.of(logged.subList(0, streamed.size()), "rs-ann").stream()
                .filter(e -> e.path("type").asText().equals("user.status"))).hasSize(40);
    }

    /** Opens a session of {@code user} on {@code node} and sets {@code changes} statuses: at least that many events. */
    static void makeEvents(TestNode node, String user, int changes) {
        try (WsClient client = node.client(user).connect()) {
            statuses(client, 0, changes);
        }
    }

    /** Status changes {@code from} to {@code to} (exclusive), each a new text, each answered before the next. */
    static void statuses(WsClient client, int from, int to) {
        for (int i = from; i < to; i++) {
            client.send(status(i % 2 == 0 ? "away" : "busy", "step " + i).put("id", i)).reply("ok", i);
        }
    }

    /** The ids up to and including {@code last}: what came later (a grace period ending) is not compared. */
    static List<String> upTo(List<String> ids, String last) {
        int at = ids.indexOf(last);
        assertThat(at).as("%s among %s", last, ids).isNotNegative();
        return ids.subList(0, at + 1);
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
