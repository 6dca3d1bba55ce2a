package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.support.FakeDelivery;
import dev.roster.adapters.javalin.support.FakeEventLog;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.application.port.in.EventDeliveryUseCase.DeliveryStatus;
import dev.roster.domain.DeadLetter;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import dev.roster.domain.StoreUnavailableException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/events}, {@code /api/webhooks} and {@code /api/webhooks/dead} on a real server over a fake log and
 * delivery: paging in the log's order with {@code next}, the flat 410 of the contract, the 400s, the token, the
 * headers every answer carries.
 */
class EventsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = TestNode.ADMIN_TOKEN;
    private static final Instant AT = Instant.ofEpochMilli(1_767_225_600_123L);

    private final FakeEventLog log = new FakeEventLog(1000);
    private final FakeDelivery delivery = new FakeDelivery();
    private final TestNode node = TestNode.withEvents(log, delivery, UnaryOperator.identity());

    @AfterEach
    void stop() {
        node.close();
        log.close();
    }

    @Test
    void pages_follow_the_log_in_order_with_next_the_last_id_or_the_after_given() throws Exception {
        assertThat(body("/api/events").toString()).isEqualTo("{\"events\":[],\"next\":null}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(log.online("user-" + i).id());
        }

        JsonNode first = body("/api/events");
        assertThat(first.path("events")).hasSize(100);
        assertThat(first.path("events").get(0).path("id").asText()).isEqualTo(ids.get(0));
        assertThat(first.path("next").asText()).isEqualTo(ids.get(99));

        List<String> read = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = body("/api/events?limit=70" + (after == null ? "" : "&after=" + after));
            page.path("events").forEach(e -> read.add(e.path("id").asText()));
            if (page.path("events").isEmpty()) {
                assertThat(page.path("next").asText()).as("an empty page hands the after back").isEqualTo(after);
                break;
            }
            after = page.path("next").asText();
        }
        assertThat(read).isEqualTo(ids);
    }

    @Test
    void each_event_is_its_fields_in_the_contracts_order_and_names() throws Exception {
        Session session = new Session(SessionId.of("s1"), UserId.of("ann"), NodeId.of("node-a"), "b", "laptop", AT);
        log.append(LoggedEvent.of(new PresenceEvent.SessionOpened(session, 1, AT)));
        log.append(LoggedEvent.of(new PresenceEvent.StatusChanged(UserId.of("ann"), Status.AWAY, "at lunch",
                java.util.Set.of(RoomId.of("lobby")), session.id(), AT)));
        log.append(LoggedEvent.disconnected(session, "admin", AT));

        JsonNode events = body("/api/events").path("events");
        assertThat(events.get(0).toString()).isEqualTo("{\"id\":\"1-1\",\"type\":\"session.opened\",\"user\":\"ann\","
                + "\"at\":1767225600123,\"session\":\"s1\",\"node\":\"node-a\",\"device\":\"laptop\",\"sessions\":1}");
        assertThat(events.get(1).toString()).isEqualTo("{\"id\":\"1-2\",\"type\":\"user.status\",\"user\":\"ann\","
                + "\"at\":1767225600123,\"state\":\"away\",\"status\":\"away\",\"text\":\"at lunch\",\"session\":\"s1\"}");
        assertThat(events.get(2).toString()).isEqualTo("{\"id\":\"1-3\",\"type\":\"session.disconnected\","
                + "\"user\":\"ann\",\"at\":1767225600123,\"session\":\"s1\",\"by\":\"admin\",\"node\":\"node-a\","
                + "\"device\":\"laptop\"}");
    }

    @Test
    void after_an_id_the_log_no_longer_keeps_is_410_gone_with_the_oldest_kept() throws Exception {
        String first = log.online("ann").id();
        log.online("bob");
        log.online("cy");
        log.trim(1);

        HttpResponse<String> trimmed = node.get("/api/events?after=" + first, TOKEN);
        assertThat(trimmed.statusCode()).isEqualTo(410);
        assertThat(trimmed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode gone = JSON.readTree(trimmed.body());
        assertThat(gone.path("error").asText()).isEqualTo("gone");
        assertThat(gone.path("oldest").asText()).isEqualTo("1-3");
        assertThat(gone.path("message").asText()).isNotEmpty();

        // a log lost with its store: every older id is gone, and a log that keeps nothing says so with null
        log.lose();
        JsonNode lost = JSON.readTree(node.get("/api/events?after=1-3", TOKEN).body());
        assertThat(lost.has("oldest")).isTrue();
        assertThat(lost.path("oldest").isNull()).isTrue();
        String fresh = log.online("dee").id();
        assertThat(JSON.readTree(node.get("/api/events?after=1-3", TOKEN).body()).path("oldest").asText())
                .isEqualTo(fresh);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "after=nonsense", "after=9-1", "after=1-99"})
    void a_bad_limit_or_an_id_that_is_not_the_logs_is_400(String query) throws Exception {
        log.online("ann");
        HttpResponse<String> answer = node.get("/api/events?" + query, TOKEN);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void a_limit_of_1000_is_taken() throws Exception {
        for (int i = 0; i < 1100; i++) {
            log.online("u" + i);
        }
        assertThat(body("/api/events?limit=1000").path("events")).hasSize(1000);
        assertThat(body("/api/webhooks/dead?limit=1000").path("deadLetters")).isEmpty();
    }

    @Test
    void a_log_that_does_not_answer_is_503() throws Exception {
        log.failReads(new StoreUnavailableException("down"));
        HttpResponse<String> answer = node.get("/api/events", TOKEN);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("unavailable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/events", "/api/events/stream", "/api/webhooks", "/api/webhooks/dead"})
    void every_new_route_wants_the_admin_token(String path) throws Exception {
        for (String token : new String[] {null, "wrong-token"}) {
            HttpResponse<String> answer = node.get(path, token);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(answer.body()).doesNotContain("events");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/events", "/api/events?limit=0", "/api/webhooks", "/api/webhooks/dead"})
    void every_answer_of_the_new_routes_carries_the_security_headers(String path) throws Exception {
        for (String token : new String[] {null, TOKEN}) {
            HttpResponse<String> answer = node.get(path, token);
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'none'"));
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void the_webhook_status_is_the_deliverys_with_times_in_epoch_ms() throws Exception {
        assertThat(body("/api/webhooks").toString()).isEqualTo("{\"enabled\":false,\"sink\":null,\"holder\":null,"
                + "\"delivered\":null,\"deadLetters\":0,\"lastFailure\":null,\"lastFailureAt\":null}");
        delivery.set(true, new DeliveryStatus("https://hooks.example/roster", "node-a/boot-1", "1-7", 2,
                "http_5xx", AT));
        assertThat(body("/api/webhooks").toString()).isEqualTo("{\"enabled\":true,"
                + "\"sink\":\"https://hooks.example/roster\",\"holder\":\"node-a/boot-1\",\"delivered\":\"1-7\","
                + "\"deadLetters\":2,\"lastFailure\":\"http_5xx\",\"lastFailureAt\":1767225600123}");
    }

    @Test
    void dead_letters_are_listed_newest_first_with_their_events_and_limited() throws Exception {
        LoggedEvent ann = log.online("ann");
        LoggedEvent bob = log.online("bob");
        delivery.park(new DeadLetter(List.of(ann), "http_4xx", 5, AT));
        delivery.park(new DeadLetter(List.of(ann, bob), "<script>alert(1)</script>", 6, AT.plusMillis(1)));

        JsonNode letters = body("/api/webhooks/dead").path("deadLetters");
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).path("reason").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(letters.get(0).path("attempts").asInt()).isEqualTo(6);
        assertThat(letters.get(0).path("parkedAt").asLong()).isEqualTo(AT.toEpochMilli() + 1);
        assertThat(letters.get(0).path("events").get(1).path("id").asText()).isEqualTo(bob.id());
        assertThat(letters.get(1).path("reason").asText()).isEqualTo("http_4xx");
        assertThat(body("/api/webhooks/dead?limit=1").path("deadLetters")).hasSize(1);
        assertThat(node.get("/api/webhooks/dead?limit=1001", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void head_answers_as_get_without_a_body() throws Exception {
        log.online("ann");
        assertThat(node.head("/api/events").statusCode()).isEqualTo(401);
        for (String path : new String[] {"/api/events", "/api/events/stream", "/api/webhooks", "/api/webhooks/dead"}) {
            HttpResponse<String> head = node.send("HEAD", path, TOKEN);
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    private JsonNode body(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = node.get(path, TOKEN);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
