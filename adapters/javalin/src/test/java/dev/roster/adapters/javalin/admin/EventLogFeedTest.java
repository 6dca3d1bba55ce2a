package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.support.FakeEventLog;
import dev.roster.application.port.in.EventDeliveryUseCase.DeliveryStatus;
import dev.roster.domain.DeadLetter;
import dev.roster.domain.Activity;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's feed reads the cluster's event log: it starts with the newest events, follows the log in order,
 * shows the same on every node and after a restart, and takes from the activity feed only a node's removal. Its
 * webhook panel reads the delivery.
 */
class EventLogFeedTest {
    private static final Pattern USER = Pattern.compile("\"user\":\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_feed_starts_with_the_newest_events_and_then_follows_the_log_in_order() {
        try (AdminNode node = new AdminNode()) {
            for (int i = 0; i < 80; i++) {
                node.activity("early-" + i);
            }
            Awaitility.await().atMost(RawFeed.WAIT).until(() -> node.log.reads() > 0);
            try (RawFeed feed = RawFeed.open(node.port(), "text/event-stream")) {
                feed.await("\"user\":\"early-79\"");
                for (int i = 0; i < 30; i++) {
                    node.activity("late-" + i);
                }
                feed.await("\"user\":\"late-29\"");
                List<String> users = users(feed.text());
                assertThat(users).hasSize(LiveFeed.BACKLOG + 30);
                assertThat(users.get(0)).isEqualTo("early-30");
                assertThat(users.get(LiveFeed.BACKLOG)).isEqualTo("late-0");
                assertThat(users).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void a_node_started_on_a_log_that_was_kept_shows_its_newest_events_and_every_node_shows_the_same() {
        FakeEventLog shared = new FakeEventLog();
        try (shared) {
            for (int i = 0; i < 70; i++) {
                shared.online("before-" + i);
            }
            try (AdminNode one = new AdminNode(shared); AdminNode two = new AdminNode(shared);
                 RawFeed first = RawFeed.open(one.port(), "text/event-stream");
                 RawFeed second = RawFeed.open(two.port(), "text/event-stream")) {
                first.await("\"user\":\"before-69\"");
                second.await("\"user\":\"before-69\"");
                shared.online("after");
                first.await("\"user\":\"after\"");
                second.await("\"user\":\"after\"");
                List<String> seen = users(first.text());
                assertThat(seen.get(0)).isEqualTo("before-" + (70 - LogFollower.FIRST));
                assertThat(seen).hasSize(LogFollower.FIRST + 1);
                assertThat(users(second.text())).isEqualTo(seen);
            }
        }
    }

    @Test
    void of_the_activity_feed_only_a_nodes_removal_is_shown_the_log_has_the_rest() {
        try (AdminNode node = new AdminNode();
             RawFeed feed = RawFeed.open(node.port(), "text/event-stream")) {
            feed.await("\r\n\r\n");
            // what the application published as activity before the log: not shown twice
            node.publish(new Activity.CameOnline(UserId.of("from-the-activity-feed"), PresenceState.ONLINE,
                    Instant.now()));
            node.nodeRemoved("node-gone", 3, 5);
            feed.await("\"kind\":\"node_removed\"");
            Session session = new Session(SessionId.of("s9"), UserId.of("bea"), NodeId.of("node-a"), "boot-1",
                    "phone", Instant.now());
            node.log.append(LoggedEvent.disconnected(session, "admin", Instant.now()));
            feed.await("\"kind\":\"disconnected_by_admin\"");
            assertThat(feed.text()).contains("\"node\":\"node-gone\",\"users\":3,\"sessions\":5")
                    .contains("\"user\":\"bea\",\"session\":\"s9\",\"node\":\"node-a\",\"device\":\"phone\"")
                    .doesNotContain("from-the-activity-feed");
        }
    }

    @Test
    void a_log_lost_with_its_store_is_followed_again_from_its_newest_events() {
        try (AdminNode node = new AdminNode();
             RawFeed feed = RawFeed.open(node.port(), "text/event-stream")) {
            node.activity("before-loss");
            feed.await("\"user\":\"before-loss\"");
            node.log.lose();
            node.activity("after-loss");
            feed.await("\"user\":\"after-loss\"");
            node.activity("later");
            feed.await("\"user\":\"later\"");
            assertThat(users(feed.text())).containsExactly("before-loss", "after-loss", "later");
        }
    }

    @Test
    void a_log_that_fails_is_read_again_and_nothing_is_lost() {
        try (AdminNode node = new AdminNode();
             RawFeed feed = RawFeed.open(node.port(), "text/event-stream")) {
            node.activity("first");
            feed.await("\"user\":\"first\"");
            node.log.failReads(new StoreUnavailableException("away"));
            node.activity("while-down");
            node.log.failReads(null);
            feed.await("\"user\":\"while-down\"");
            assertThat(users(feed.text())).containsExactly("first", "while-down");
        }
    }

    @Test
    void the_webhook_panel_reads_the_delivery_and_the_newest_dead_letters_as_json() throws Exception {
        try (AdminNode node = new AdminNode()) {
            JsonNode off = JSON.readTree(get(node, "/admin/api/webhooks").body());
            assertThat(off.path("delivery").path("enabled").asBoolean()).isFalse();
            assertThat(off.path("deadLetters")).isEmpty();

            LoggedEvent ann = node.log.online("ann");
            node.delivery.set(true, new DeliveryStatus("https://hooks.example/<x>", null, ann.id(), 12,
                    "http_5xx", Instant.ofEpochMilli(1_000)));
            for (int i = 0; i < 12; i++) {
                node.delivery.park(new DeadLetter(List.of(ann), "<img src=x onerror=alert(" + i + ")>", 5,
                        Instant.ofEpochMilli(2_000 + i)));
            }
            HttpResponse<String> answer = get(node, "/admin/api/webhooks");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            JsonNode on = JSON.readTree(answer.body());
            assertThat(on.path("delivery").path("sink").asText()).isEqualTo("https://hooks.example/<x>");
            assertThat(on.path("delivery").path("lastFailureAt").asLong()).isEqualTo(1_000);
            JsonNode letters = on.path("deadLetters");
            assertThat(letters).hasSize(AdminRoutes.DEAD_LETTERS_SHOWN);
            assertThat(letters.get(0).path("reason").asText()).isEqualTo("<img src=x onerror=alert(11)>");
            assertThat(letters.get(0).path("events").get(0).path("user").asText()).isEqualTo("ann");
            assertThat(get(node, "/admin/api/webhooks", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void the_webhook_panel_sets_every_value_as_text_never_as_markup() throws IOException {
        String script = resource("web/admin/webhook.js");
        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
        assertThat(script).contains("text: letter.reason");
        assertThat(resource("web/admin/index.html")).contains("data-testid=\"dead-letters\"");
        assertThat(resource("web/admin/admin.js")).contains("/admin/api/webhooks");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EventLogFeedTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> users(String feed) {
        List<String> users = new ArrayList<>();
        for (String line : feed.split("\n")) {
            if (line.startsWith("data:") && line.contains("\"kind\"")) {
                Matcher user = USER.matcher(line);
                if (user.find()) {
                    users.add(user.group(1));
                }
            }
        }
        return users;
    }

    private static HttpResponse<String> get(AdminNode node, String path) throws Exception {
        return get(node, path, AdminNode.ADMIN_TOKEN);
    }

    private static HttpResponse<String> get(AdminNode node, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
