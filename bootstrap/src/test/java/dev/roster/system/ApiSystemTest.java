package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.ws.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API, as an operator's script sees it. This class owns its node, so counts are exact. */
class ApiSystemTest {
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start());

    @ParameterizedTest
    @ValueSource(strings = {"/api/users/ann", "/api/online", "/api/online?limit=2", "/api/online/count",
        "/api/rooms/lobby", "/api/nodes"})
    void every_guarded_endpoint_answers_401_without_the_token_or_with_a_wrong_one(String path) {
        assertThat(NODE.get().api(null).get(path).status()).isEqualTo(401);
        assertThat(NODE.get().api("not-the-token").get(path).status()).isEqualTo(401);
        assertThat(NODE.get().api().get(path).status()).isEqualTo(200);
    }

    @Test
    void an_operator_disconnect_without_the_token_is_refused_and_closes_nothing() {
        try (WsClient ann = NODE.get().client("api-kept").connect()) {
            String session = ann.session();
            for (Api api : List.of(NODE.get().api(null), NODE.get().api("not-the-token"))) {
                assertThat(api.delete("/api/users/api-kept/sessions").status()).isEqualTo(401);
                assertThat(api.delete("/api/sessions/" + session).status()).isEqualTo(401);
            }
            ann.send(Frames.ping().put("id", 1)).reply("pong", 1);
            assertThat(NODE.get().api().user("api-kept").path("sessions").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/health/live", "/health/ready"})
    void metrics_and_health_need_no_token(String path) {
        assertThat(NODE.get().api(null).get(path).status()).isEqualTo(200);
    }

    @Test
    void metrics_are_in_prometheus_text_format() {
        Api.Answer metrics = NODE.get().api(null).get("/metrics");
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE");
    }

    @Test
    void the_dashboard_is_a_page_shown_only_to_whoever_has_the_admin_token() {
        Dashboard dashboard = new Dashboard(NODE.get().port());
        for (Api.Answer refused : List.of(NODE.get().api(null).get("/admin"),
                NODE.get().api("not-the-token").get("/admin"),
                dashboard.page(dashboard.signIn("not-the-token")))) {
            assertThat(refused.status()).as("/admin without the token").isIn(401, 303);
            assertThat(refused.body()).doesNotContain("<html");
        }

        Api.Answer page = dashboard.page(dashboard.signIn(TestNode.ADMIN_TOKEN));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
    }

    @Test
    void the_api_reports_users_rooms_counts_pages_and_nodes() {
        // users of the other tests in this class go offline once their grace period ends; then counts are exact
        await().atMost(WsClient.WAIT).untilAsserted(() ->
                assertThat(NODE.get().api().json("/api/online/count").path("count").asLong()).isZero());
        List<WsClient> clients = new ArrayList<>();
        try {
            for (String user : List.of("api-a", "api-b", "api-c", "api-d", "api-e")) {
                clients.add(NODE.get().client(user).device("web").connect());
            }
            WsClient first = clients.get(0);
            first.send(join("api-room").put("id", 1)).reply("joined", 1);
            first.send(status("busy", "deploying").put("id", 2)).expect("ok", f -> f.path("re").asInt() == 2);
            clients.add(NODE.get().client("api-a").device("phone").connect());

            JsonNode user = NODE.get().api().user("api-a");
            assertThat(user.path("user").asText()).isEqualTo("api-a");
            assertThat(user.path("state").asText()).isEqualTo("busy");
            assertThat(user.path("status").asText()).isEqualTo("busy");
            assertThat(user.path("sessions").asInt()).isEqualTo(2);
            assertThat(user.path("lastSeen").asLong()).isPositive();
            assertThat(user.path("rooms").toString()).contains("api-room");

            JsonNode unknown = NODE.get().api().user("api-nobody");
            assertThat(unknown.path("state").asText()).isEqualTo("offline");
            assertThat(unknown.path("status").isNull()).isTrue();
            assertThat(NODE.get().api().get("/api/users/not%20an%20id").status()).isEqualTo(400);

            assertThat(NODE.get().api().json("/api/online/count").path("count").asLong()).isEqualTo(5);
            assertThat(onlineUsers(2)).containsExactlyInAnyOrder("api-a", "api-b", "api-c", "api-d", "api-e");

            JsonNode room = NODE.get().api().room("api-room");
            assertThat(room.path("room").asText()).isEqualTo("api-room");
            assertThat(room.path("members")).hasSize(1);
            JsonNode member = room.path("members").get(0);
            assertThat(member.path("user").asText()).isEqualTo("api-a");
            assertThat(member.path("state").asText()).isEqualTo("busy");
            assertThat(member.path("sessions").asInt()).isEqualTo(2);
            assertThat(member.path("since").asLong()).isPositive();

            JsonNode nodes = NODE.get().api().json("/api/nodes").path("nodes");
            assertThat(nodes).hasSize(1);
            assertThat(nodes.get(0).path("node").asText()).isEqualTo("test-node");
            assertThat(nodes.get(0).path("heartbeatAt").asLong()).isPositive();
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /** Walks every page; a user listed twice would show up twice in the answer. */
    private static List<String> onlineUsers(int limit) {
        List<String> users = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 100; page++) {
            JsonNode answer = NODE.get().api().json("/api/online?limit=" + limit + "&cursor=" + cursor);
            assertThat(answer.path("users").size()).isLessThanOrEqualTo(limit);
            answer.path("users").forEach(u -> users.add(u.isTextual() ? u.asText() : u.path("user").asText()));
            if (answer.path("next").isNull()) {
                return users;
            }
            cursor = URLEncoder.encode(answer.path("next").asText(), StandardCharsets.UTF_8);
        }
        throw new AssertionError("more than 100 pages for a handful of users");
    }
}
