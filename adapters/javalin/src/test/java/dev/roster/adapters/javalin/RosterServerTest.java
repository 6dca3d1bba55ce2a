package dev.roster.adapters.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.support.RawHttp;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.ws.WsClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server on a free port, the real application over small fakes, and the JDK's WebSocket client. */
class RosterServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start(new DevAuthenticator(), null));

    @Test
    void welcome_is_the_first_frame_and_ping_is_answered_with_pong() throws Exception {
        try (WsClient ann = WsClient.connect(NODE.get().ws("user=ann&device=web"))) {
            JsonNode welcome = ann.next();
            assertThat(welcome.get("type").asText()).isEqualTo("welcome");
            assertThat(welcome.get("user").asText()).isEqualTo("ann");
            assertThat(welcome.get("node").asText()).isEqualTo("node-a");
            assertThat(welcome.get("session").asText()).isNotBlank();

            ann.send("{\"type\":\"ping\",\"id\":7}");
            assertThat(ann.next().toString()).isEqualTo("{\"type\":\"pong\",\"re\":7}");
        }
    }

    @Test
    void a_bad_frame_gets_an_error_and_the_connection_stays_open() throws Exception {
        try (WsClient bob = WsClient.connect(NODE.get().ws("user=bob"))) {
            bob.next();
            bob.send("not json");
            JsonNode error = bob.next();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("bad_json");

            bob.send("{\"type\":\"join\",\"id\":\"j1\",\"room\":\"bad room!\"}");
            JsonNode badRoom = bob.next();
            assertThat(badRoom.get("code").asText()).isEqualTo("bad_field");
            assertThat(badRoom.get("re").asText()).isEqualTo("j1");

            bob.send("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(bob.next().get("type").asText()).isEqualTo("pong");
            assertThat(bob.isClosed()).isFalse();
        }
    }

    @Test
    void a_frame_over_64_KiB_is_answered_too_large_and_the_connection_stays_open() throws Exception {
        try (WsClient cat = WsClient.connect(NODE.get().ws("user=cat"))) {
            cat.next();
            String padding = "x".repeat(65_536);
            cat.send("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + padding + "\"}");
            JsonNode error = cat.next();
            assertThat(error.get("code").asText()).isEqualTo("too_large");
            assertThat(error.get("re").asInt()).isEqualTo(1);

            cat.send("{\"type\":\"ping\"}");
            assertThat(cat.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void join_say_who_and_leave_answer_in_the_order_sent() throws Exception {
        try (WsClient dan = WsClient.connect(NODE.get().ws("user=dan"));
             WsClient eve = WsClient.connect(NODE.get().ws("user=eve"))) {
            dan.next();
            eve.next();
            eve.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertThat(eve.next().get("type").asText()).isEqualTo("joined");

            // sent back to back: the say must not overtake the join
            dan.send("{\"type\":\"join\",\"id\":1,\"room\":\"lobby\"}");
            dan.send("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"hi\"}");
            dan.send("{\"type\":\"who\",\"id\":2,\"room\":\"lobby\"}");
            JsonNode joined = dan.next();
            assertThat(joined.get("type").asText()).isEqualTo("joined");
            assertThat(joined.get("re").asInt()).isEqualTo(1);
            assertThat(joined.get("members").findValuesAsText("user")).containsExactly("dan", "eve");
            JsonNode message = dan.next();
            assertThat(message.get("type").asText()).isEqualTo("message");
            assertThat(message.get("from").asText()).isEqualTo("dan");
            assertThat(message.get("text").asText()).isEqualTo("hi");
            JsonNode members = dan.next();
            assertThat(members.get("type").asText()).isEqualTo("members");
            assertThat(members.get("members").get(0).get("sessions").asInt()).isEqualTo(1);
            assertThat(members.get("members").get(0).get("since").isNumber()).isTrue();

            JsonNode presence = eve.next();
            assertThat(presence.get("type").asText()).isEqualTo("presence");
            assertThat(presence.get("user").asText()).isEqualTo("dan");
            assertThat(presence.get("state").asText()).isEqualTo("online");
            assertThat(eve.next().get("type").asText()).isEqualTo("message");

            dan.send("{\"type\":\"leave\",\"id\":3,\"room\":\"lobby\"}");
            assertThat(dan.next().toString()).isEqualTo("{\"type\":\"left\",\"room\":\"lobby\",\"re\":3}");
            dan.send("{\"type\":\"say\",\"id\":4,\"room\":\"lobby\",\"text\":\"still here?\"}");
            JsonNode notMember = dan.next();
            assertThat(notMember.get("code").asText()).isEqualTo("not_member");
            assertThat(notMember.get("re").asInt()).isEqualTo(4);
        }
    }

    @Test
    void status_is_acknowledged_with_ok() throws Exception {
        try (WsClient fay = WsClient.connect(NODE.get().ws("user=fay"))) {
            fay.next();
            fay.send("{\"type\":\"status\",\"id\":\"s\",\"status\":\"busy\",\"text\":\"in a meeting\"}");
            assertThat(fay.next().toString()).isEqualTo("{\"type\":\"ok\",\"re\":\"s\"}");
            fay.send("{\"type\":\"status\",\"status\":\"asleep\"}");
            assertThat(fay.next().get("code").asText()).isEqualTo("bad_field");
        }
    }

    @Test
    void refused_handshakes_are_plain_http_answers() throws Exception {
        assertThat(WsClient.refusedStatus(NODE.get().ws("device=web"), Map.of())).isEqualTo(401);
        assertThat(WsClient.refusedStatus(NODE.get().ws("user=not%20valid"), Map.of())).isEqualTo(401);
        assertThat(WsClient.refusedStatus(NODE.get().ws("user=gus"), Map.of("Origin", "http://evil.example")))
                .isEqualTo(403);
        // the origin is checked first, so a bad origin without credentials is still a 403
        assertThat(WsClient.refusedStatus(NODE.get().ws(""), Map.of("Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(WsClient.refusedStatus(NODE.get().ws("user=gus&device=" + "d".repeat(65)), Map.of())).isEqualTo(400);
    }

    @Test
    void a_refused_handshake_says_why_in_a_json_body() throws Exception {
        String answer = RawHttp.upgrade(NODE.get().server.port(), "/ws?user=kim", "http://evil.example");
        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(answer).contains("{\"error\":{\"code\":\"forbidden_origin\"");
        // no HTTP session is created (and kept) for a WebSocket handshake
        assertThat(answer).doesNotContainIgnoringCase("Set-Cookie");
        String noUser = RawHttp.upgrade(NODE.get().server.port(), "/ws", null);
        assertThat(noUser).startsWith("HTTP/1.1 401");
        assertThat(noUser).contains("\"code\":\"unauthorized\"", "user is missing");
    }

    @Test
    void the_page_s_own_origin_is_allowed() throws Exception {
        String own = "http://127.0.0.1:" + NODE.get().server.port();
        try (WsClient gus = WsClient.connect(NODE.get().ws("user=gus"), Map.of("Origin", own))) {
            assertThat(gus.next().get("type").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void the_api_needs_the_admin_token() throws Exception {
        assertThat(NODE.get().get("/api/online/count", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = NODE.get().get("/api/online/count", "not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(MAPPER.readTree(wrong.body()).at("/error/code").asText()).isEqualTo("unauthorized");

        HttpResponse<String> count = NODE.get().get("/api/online/count", TestNode.ADMIN_TOKEN);
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(count.body()).get("count").isNumber()).isTrue();
    }

    @Test
    void a_forged_or_garbled_online_cursor_is_a_bad_request_and_a_real_one_goes_on() throws Exception {
        try (WsClient ida = WsClient.connect(NODE.get().ws("user=ida"));
             WsClient jon = WsClient.connect(NODE.get().ws("user=jon"))) {
            ida.next();
            jon.next();
            JsonNode first = MAPPER.readTree(NODE.get().get("/api/online?limit=1", TestNode.ADMIN_TOKEN).body());
            String cursor = first.get("next").asText();
            String id = cursor.substring(0, cursor.indexOf('.'));
            String tag = cursor.substring(cursor.indexOf('.') + 1);
            String otherId = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("zed".getBytes(StandardCharsets.UTF_8));
            char last = tag.charAt(tag.length() - 1);

            assertThat(NODE.get().get("/api/online?limit=1&cursor=" + cursor, TestNode.ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);
            for (String forged : new String[] {otherId + "." + tag, id + "." + tag.substring(1),
                    id + "." + tag.substring(0, tag.length() - 1) + (last == 'A' ? 'B' : 'A'), id, id + ".",
                    "0~" + first.at("/users/0").asText(), "1~", "nonsense", "%25%25%25", "x".repeat(5000)}) {
                HttpResponse<String> refused = NODE.get().get("/api/online?limit=1&cursor=" + forged,
                        TestNode.ADMIN_TOKEN);
                assertThat(refused.statusCode()).as(forged.length() > 40 ? "long" : forged).isEqualTo(400);
                JsonNode error = MAPPER.readTree(refused.body()).get("error");
                assertThat(error.get("code").asText()).isEqualTo("bad_request");
                assertThat(error.get("message").asText()).startsWith("not a cursor this server handed out")
                        .hasSizeLessThan(200);
            }
        }
    }

    @Test
    void the_api_reports_a_connected_user_and_refuses_bad_input() throws Exception {
        try (WsClient hal = WsClient.connect(NODE.get().ws("user=hal&device=ios"))) {
            String session = hal.next().get("session").asText();
            JsonNode user = MAPPER.readTree(NODE.get().get("/api/users/hal", TestNode.ADMIN_TOKEN).body());
            assertThat(user.get("state").asText()).isEqualTo("online");
            assertThat(user.get("status").asText()).isEqualTo("online");
            assertThat(user.get("sessions").asInt()).isEqualTo(1);
            assertThat(user.get("lastSeen").isNumber()).isTrue();
            assertThat(user.get("devices").get(0).get("session").asText()).isEqualTo(session);
            assertThat(user.get("devices").get(0).get("device").asText()).isEqualTo("ios");

            JsonNode online = MAPPER.readTree(NODE.get().get("/api/online?limit=1000", TestNode.ADMIN_TOKEN).body());
            assertThat(online.get("users").toString()).contains("\"hal\"");
        }
        assertThat(NODE.get().get("/api/users/bad%20id", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(NODE.get().get("/api/online?limit=0", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(NODE.get().get("/api/online?limit=many", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(NODE.get().get("/api/online?cursor=nonsense", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        HttpResponse<String> nodes = NODE.get().get("/api/nodes", TestNode.ADMIN_TOKEN);
        assertThat(MAPPER.readTree(nodes.body()).at("/nodes/0/node").asText()).isEqualTo("node-a");
        HttpResponse<String> room = NODE.get().get("/api/rooms/empty-room", TestNode.ADMIN_TOKEN);
        assertThat(room.body()).isEqualTo("{\"room\":\"empty-room\",\"members\":[],\"next\":null}");
    }

    @Test
    void closing_the_socket_disconnects_the_session() throws Exception {
        WsClient ivy = WsClient.connect(NODE.get().ws("user=ivy"));
        ivy.next();
        ivy.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                MAPPER.readTree(NODE.get().get("/api/users/ivy", TestNode.ADMIN_TOKEN).body()).get("sessions").asInt())
                .isZero());
    }

    @Test
    void health_and_metrics_need_no_token() throws Exception {
        assertThat(NODE.get().get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(NODE.get().get("/health/ready", null).statusCode()).isEqualTo(200);
        try (WsClient jay = WsClient.connect(NODE.get().ws("user=jay"))) {
            jay.next();
            jay.send("{\"type\":\"ping\"}");
            jay.next();
            HttpResponse<String> metrics = NODE.get().get("/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("roster_connections_open", "roster_users_online",
                    "roster_transitions_total{kind=\"came_online\"}", "roster_frames_in_total{type=\"ping\"}",
                    "roster_frames_out_total{type=\"welcome\"}", "jvm_memory_used_bytes");
        }
    }
}
