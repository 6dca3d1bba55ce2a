package dev.roster.bench.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a node's event log page by page ({@code GET /api/events}, docs/PROTOCOL.md): where it ends now, and every
 * event after a position. A log that answers 410 (trimmed, or lost with the store) is an error: what was asked for
 * is no longer there to count.
 */
public final class EventPages {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int PAGE = 1000;
    /** More pages than this means the log never ends: a failure, not a reason to loop forever. */
    private static final int MAX_PAGES = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;
    private final Endpoints node;
    private final String adminToken;

    public EventPages(ObjectMapper json, Endpoints node, String adminToken) {
        this.json = json;
        this.node = node;
        this.adminToken = adminToken;
    }

    /** The id of the last event in the log now, or null when the log is empty. */
    public String end() throws IOException, InterruptedException {
        return read(null, e -> { });
    }

    /** Every event after {@code after} (from the oldest kept when null), in the log's order. */
    public List<JsonNode> after(String after) throws IOException, InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        read(after, events::add);
        return events;
    }

    /** Reads to the end of the log; returns the {@code next} of the last page (null for an empty log). */
    private String read(String after, Consumer<JsonNode> each) throws IOException, InterruptedException {
        String cursor = after;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = page(cursor);
            JsonNode events = body.path("events");
            events.forEach(each);
            JsonNode next = body.get("next");
            String nextId = next == null || next.isNull() ? null : next.asText();
            if (events.isEmpty()) {
                return nextId;
            }
            cursor = nextId;
        }
        throw new IOException("/api/events gave more than " + MAX_PAGES + " pages");
    }

    private JsonNode page(String after) throws IOException, InterruptedException {
        String query = "/api/events?limit=" + PAGE
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(node.http(query)).timeout(TIMEOUT).GET();
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + query + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
