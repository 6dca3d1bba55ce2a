package dev.roster.extending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.roster.adapters.jsonlines.JsonLinesSettings;
import dev.roster.bootstrap.Config;
import dev.roster.bootstrap.RosterModule;
import dev.roster.bootstrap.RosterNode;
import dev.roster.extending.broker.LineBroker;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EXTENDING.md, step 6, end to end: a real node (Guice, memory store, Javalin) built with the test-only publisher's
 * module in place of the webhook's binding, as the page says a test does it, delivers the events its clients make to
 * the publisher in the log's order, each once, and closes the publisher through the {@code @OnShutdown} set when it
 * stops.
 */
class JsonLinesNodeTest {
    private static final String ADMIN_TOKEN = "extending-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final LineBroker broker = new LineBroker();
    private RosterNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
        broker.close();
    }

    /** The node as EXTENDING.md says a test builds one with a sink of its own. */
    private RosterNode start(JsonLinesSettings settings) {
        Config config = Config.load(Map.of("ROSTER_PORT", "0", "ROSTER_NODE_ID", "extending-node",
                "ROSTER_ADMIN_TOKEN", ADMIN_TOKEN, "ROSTER_GRACE_MS", "200"), "test-host", new SecureRandom());
        node = Guice.createInjector(Stage.PRODUCTION,
                        Modules.override(new RosterModule(config)).with(new JsonLinesModule(broker, settings)))
                .getInstance(RosterNode.class)
                .start();
        return node;
    }

    @Test
    void the_events_a_client_makes_reach_the_publisher_in_the_logs_order_once() throws Exception {
        start(new JsonLinesSettings("roster.events.", Duration.ofSeconds(2)));

        try (WsClient ann = WsClient.connect(http, node.port(), "ann")) {
            ann.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":1}");
            ann.reply("joined", 1);
        }
        await().atMost(WsClient.WAIT).until(() -> published().stream()
                .anyMatch(event -> event.path("type").asText().equals("user.offline")));

        List<JsonNode> logged = logged();
        assertThat(logged).extracting(event -> event.path("type").asText())
                .as("the events a connect, a join and a disconnect make")
                .containsExactly("user.online", "session.opened", "room.joined", "session.closed", "room.left",
                        "user.offline");
        assertThat(published()).as("each event of the log, once, in its order, with the same fields")
                .containsExactlyElementsOf(logged);
        for (LineBroker.Message message : broker.taken()) {
            JsonNode event = JSON.readTree(message.line());
            assertThat(message.subject()).isEqualTo("roster.events." + event.path("type").asText());
            assertThat(message.headers()).containsEntry("roster-event-id", event.path("id").asText())
                    .containsEntry("roster-event-type", event.path("type").asText());
        }
    }

    @Test
    void the_node_closes_the_publisher_through_the_shutdown_set() {
        start(new JsonLinesSettings("roster.events.", Duration.ofSeconds(2)));
        assertThat(broker.openConnections()).as("the publisher's connection, open while the node runs").isOne();

        node.stop();

        assertThat(broker.openConnections()).as("connections left open by a stopped node").isZero();
    }

    @Test
    void without_the_publisher_configured_nothing_is_published_and_no_connection_is_made() throws Exception {
        start(null);

        try (WsClient ann = WsClient.connect(http, node.port(), "ann")) {
            ann.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":1}");
            ann.reply("joined", 1);
        }
        await().atMost(WsClient.WAIT).until(() -> logged().size() >= 3);

        assertThat(broker.openConnections()).isZero();
        assertThat(broker.taken()).isEmpty();
    }

    private List<JsonNode> published() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (LineBroker.Message message : broker.taken()) {
            events.add(JSON.readTree(message.line()));
        }
        return events;
    }

    /** The whole log, oldest first, as {@code GET /api/events} lists it. */
    private List<JsonNode> logged() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + node.port() + "/api/events?limit=1000"))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            List<JsonNode> events = new ArrayList<>();
            JSON.readTree(answer.body()).path("events").forEach(events::add);
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
