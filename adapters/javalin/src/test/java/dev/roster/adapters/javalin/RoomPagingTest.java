package dev.roster.adapters.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.ws.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A room's members a page at a time, by {@code who} on the WebSocket and by {@code GET /api/rooms/{room}}. */
class RoomPagingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start(new DevAuthenticator(), null));
    private static final List<String> MEMBERS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7");
    private static final List<WsClient> CLIENTS = new ArrayList<>();
    private static final AtomicLong IDS = new AtomicLong();

    @BeforeAll
    static void fillTheRoom() {
        // joined in reverse, so that the order of the pages is the ids' and not the joins'
        for (int i = MEMBERS.size() - 1; i >= 0; i--) {
            String user = MEMBERS.get(i);
            WsClient client = WsClient.connect(NODE.get().ws("user=" + user));
            client.expect("welcome");
            long id = IDS.incrementAndGet();
            client.send("{\"type\":\"join\",\"id\":" + id + ",\"room\":\"deck\"}");
            client.reply("joined", id);
            CLIENTS.add(client);
        }
    }

    @AfterAll
    static void leave() {
        CLIENTS.forEach(WsClient::close);
    }

    private static WsClient m1() {
        return CLIENTS.get(CLIENTS.size() - 1);
    }

    private static JsonNode who(WsClient client, String room, String extra) {
        long id = IDS.incrementAndGet();
        client.send("{\"type\":\"who\",\"id\":" + id + ",\"room\":\"" + room + "\"" + extra + "}");
        return client.reply("members", id);
    }

    private static JsonNode whoError(WsClient client, String extra) {
        long id = IDS.incrementAndGet();
        client.send("{\"type\":\"who\",\"id\":" + id + ",\"room\":\"deck\"" + extra + "}");
        return client.reply("error", id);
    }

    private static HttpResponse<String> api(String query) throws Exception {
        return NODE.get().get("/api/rooms/deck" + query, TestNode.ADMIN_TOKEN);
    }

    @Test
    void who_walks_the_room_in_pages_of_the_limit_asked_each_member_once() {
        List<String> walked = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"";
            JsonNode page = who(m1(), "deck", ",\"limit\":3" + after);
            page.get("members").forEach(m -> walked.add(m.get("user").asText()));
            sizes.add(page.get("members").size());
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);

        assertThat(walked).containsExactlyElementsOf(MEMBERS);
        assertThat(sizes).containsExactly(3, 3, 1);
    }

    @Test
    void who_without_a_limit_lists_up_to_a_thousand_and_says_there_is_no_next() {
        JsonNode page = who(m1(), "deck", "");

        assertThat(page.get("members").findValuesAsText("user")).containsExactlyElementsOf(MEMBERS);
        assertThat(page.has("next")).isTrue();
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void the_api_walks_the_room_in_pages_and_takes_a_cursor_who_handed_out() throws Exception {
        JsonNode first = MAPPER.readTree(api("?limit=4").body());
        assertThat(first.get("room").asText()).isEqualTo("deck");
        assertThat(first.get("members").findValuesAsText("user")).containsExactly("m1", "m2", "m3", "m4");
        JsonNode second = MAPPER.readTree(api("?limit=4&cursor=" + first.get("next").asText()).body());
        assertThat(second.get("members").findValuesAsText("user")).containsExactly("m5", "m6", "m7");
        assertThat(second.get("next").isNull()).isTrue();

        String fromWho = who(m1(), "deck", ",\"limit\":6").get("next").asText();
        JsonNode rest = MAPPER.readTree(api("?cursor=" + fromWho).body());
        assertThat(rest.get("members").findValuesAsText("user")).containsExactly("m7");

        JsonNode all = MAPPER.readTree(api("").body());
        assertThat(all.get("members").findValuesAsText("user")).containsExactlyElementsOf(MEMBERS);
        assertThat(all.get("next").isNull()).isTrue();
    }

    @Test
    void a_bad_limit_or_cursor_on_the_websocket_is_bad_field_and_the_connection_stays_open() {
        String real = who(m1(), "deck", ",\"limit\":1").get("next").asText();
        String forged = encode("m5") + real.substring(real.indexOf('.'));

        for (String extra : List.of(",\"limit\":0", ",\"limit\":1001", ",\"limit\":\"5\"", ",\"cursor\":7",
                ",\"cursor\":\"nonsense\"", ",\"cursor\":\"" + forged + "\"", ",\"cursor\":\"\"")) {
            JsonNode error = whoError(m1(), extra);
            assertThat(error.get("code").asText()).as(extra).isEqualTo("bad_field");
        }
        assertThat(whoError(m1(), ",\"cursor\":\"" + forged + "\"").get("message").asText())
                .startsWith("not a cursor this server handed out");
        assertThat(who(m1(), "deck", ",\"limit\":1,\"cursor\":\"" + real + "\"").get("members")
                .findValuesAsText("user")).containsExactly("m2");
    }

    @Test
    void who_with_a_cursor_in_a_room_not_joined_is_not_member() {
        String real = who(m1(), "deck", ",\"limit\":1").get("next").asText();
        long id = IDS.incrementAndGet();
        m1().send("{\"type\":\"who\",\"id\":" + id + ",\"room\":\"elsewhere\",\"cursor\":\"" + real + "\"}");

        assertThat(m1().reply("error", id).get("code").asText()).isEqualTo("not_member");
    }

    @Test
    void a_bad_limit_or_cursor_on_the_api_is_a_bad_request() throws Exception {
        String ofDeck = MAPPER.readTree(api("?limit=1").body()).get("next").asText();
        HttpResponse<String> otherRoom = NODE.get().get("/api/rooms/galley?cursor=" + ofDeck, TestNode.ADMIN_TOKEN);
        assertThat(otherRoom.statusCode()).isEqualTo(400);

        for (String query : List.of("?limit=0", "?limit=1001", "?limit=many", "?limit=1.5", "?cursor=nonsense",
                "?cursor=" + URLEncoder.encode(encode("m5") + ofDeck.substring(ofDeck.indexOf('.')),
                        StandardCharsets.UTF_8), "?cursor=" + "x".repeat(3000))) {
            HttpResponse<String> refused = api(query);
            assertThat(refused.statusCode()).as(query.length() > 40 ? "long" : query).isEqualTo(400);
            JsonNode error = MAPPER.readTree(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("bad_request");
            assertThat(error.get("message").asText()).hasSizeLessThan(200);
        }
        assertThat(api("?limit=1000").statusCode()).isEqualTo(200);
        assertThat(api("?limit=1").statusCode()).isEqualTo(200);
    }

    private static String encode(String id) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }
}
