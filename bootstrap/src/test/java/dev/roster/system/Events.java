package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The cluster's event log as a back end reads it over {@code GET /api/events}, and what a test expects of its
 * entries: the contract's fields, by name and in order.
 */
final class Events {
    static final int MAX_LIMIT = 1000;

    private Events() {
    }

    /** One page: {@code after} and {@code limit} are left out when null. */
    static Api.Answer page(Api api, String after, Integer limit) {
        List<String> params = new ArrayList<>();
        if (after != null) {
            params.add("after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        if (limit != null) {
            params.add("limit=" + limit);
        }
        return api.get("/api/events" + (params.isEmpty() ? "" : "?" + String.join("&", params)));
    }

    /** Every event kept, from the oldest, in pages of {@value #MAX_LIMIT}. */
    static List<JsonNode> all(Api api) {
        return after(api, null, MAX_LIMIT);
    }

    /**
     * Every event after {@code after} (from the oldest kept when null), page by page of {@code limit}, each page's
     * {@code next} the cursor of the following one; fails on a repeated id or a page that does not answer 200.
     */
    static List<JsonNode> after(Api api, String after, int limit) {
        List<JsonNode> events = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = after;
        for (int pages = 0; pages < 100_000; pages++) {
            Api.Answer answer = page(api, cursor, limit);
            assertThat(answer.status()).as("GET /api/events after %s: %s", cursor, answer.body()).isEqualTo(200);
            JsonNode page = answer.json();
            JsonNode got = page.path("events");
            assertThat(got.isArray()).as("events of %s", answer.body()).isTrue();
            assertThat(got.size()).isLessThanOrEqualTo(limit);
            if (got.isEmpty()) {
                // nothing newer: next is the after given, as it was given
                if (cursor == null) {
                    assertThat(page.path("next").isNull()).as("next of an empty log: %s", answer.body()).isTrue();
                } else {
                    assertThat(page.path("next").asText()).isEqualTo(cursor);
                }
                return events;
            }
            for (JsonNode event : got) {
                assertThat(ids.add(event.path("id").asText())).as("id listed twice: %s", event).isTrue();
                events.add(event);
            }
            assertThat(page.path("next").asText()).as("next is the last id of the page")
                    .isEqualTo(got.get(got.size() - 1).path("id").asText());
            cursor = page.path("next").asText();
        }
        throw new AssertionError("the log did not end after 100,000 pages");
    }

    /**
     * Waits until every user is offline: no grace period is still to run out, so the log stands still (as long as
     * the test makes no event itself).
     */
    static void awaitQuiet(Api api, Duration within) {
        await().atMost(within).untilAsserted(() ->
                assertThat(api.json("/api/online/count").path("count").asLong()).isZero());
    }

    /** The id of the newest event kept, null when the log is empty. */
    static String newest(Api api) {
        List<JsonNode> events = all(api);
        return events.isEmpty() ? null : events.get(events.size() - 1).path("id").asText();
    }

    static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    /** The events of one user, in the log's order. */
    static List<JsonNode> of(List<JsonNode> events, String user) {
        return events.stream().filter(e -> user.equals(e.path("user").asText())).toList();
    }

    /** The events of users whose names start with {@code prefix}, in the log's order. */
    static List<JsonNode> ofUsers(List<JsonNode> events, String prefix) {
        return events.stream().filter(e -> e.path("user").asText().startsWith(prefix)).toList();
    }

    /** The expected event of {@code type} for {@code user}; add its details with {@code put}, in the contract's order. */
    static ObjectNode expected(String type, String user) {
        return Frames.JSON.createObjectNode().put("type", type).put("user", user);
    }

    /**
     * Holds {@code actual} against {@code expected}, field by field and in the contract's order: {@code id} (a
     * non-empty string), {@code type}, {@code user}, {@code at} (epoch ms, from {@code notBefore} to
     * {@code notAfter}), then exactly the expected details with their values (null included).
     */
    static void assertEvent(JsonNode actual, ObjectNode expected, long notBefore, long notAfter) {
        List<String> names = new ArrayList<>();
        actual.fieldNames().forEachRemaining(names::add);
        List<String> wanted = new ArrayList<>(List.of("id", "type", "user", "at"));
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("type") && !name.equals("user")) {
                wanted.add(name);
            }
        }
        assertThat(names).as("fields of %s", actual).containsExactlyElementsOf(wanted);
        assertThat(actual.path("id").isTextual() && !actual.path("id").asText().isEmpty())
                .as("id of %s", actual).isTrue();
        assertThat(actual.path("at").isIntegralNumber()).as("at of %s", actual).isTrue();
        assertThat(actual.path("at").asLong()).as("at of %s", actual).isBetween(notBefore, notAfter);
        ObjectNode rest = actual.deepCopy();
        rest.remove(List.of("id", "at"));
        assertThat(rest).as("event").isEqualTo(expected);
    }
}
