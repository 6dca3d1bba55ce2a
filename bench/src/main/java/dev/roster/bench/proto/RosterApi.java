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

/** The HTTP API of one node (docs/PROTOCOL.md, the HTTP API), as the scenarios need it. */
public final class RosterApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** More pages than this means the cursor never ends: a failure, not a reason to loop forever. */
    private static final int MAX_PAGES = 100_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;
    private final Endpoints node;
    private final String adminToken;

    public RosterApi(ObjectMapper json, Endpoints node, String adminToken) {
        this.json = json;
        this.node = node;
        this.adminToken = adminToken;
    }

    public long onlineCount() throws IOException, InterruptedException {
        return get("/api/online/count").path("count").asLong(-1);
    }

    /** Every user id across all pages of {@code /api/online}, in the order listed, duplicates kept. */
    public List<String> onlineUsers(int pageSize) throws IOException, InterruptedException {
        List<String> users = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "/api/online?limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = get(query);
            for (JsonNode user : body.path("users")) {
                users.add(user.isObject() ? user.path("user").asText() : user.asText());
            }
            JsonNode next = body.get("next");
            if (next == null || next.isNull()) {
                return users;
            }
            cursor = next.asText();
        }
        throw new IOException("/api/online gave more than " + MAX_PAGES + " pages");
    }

    /** Whether {@code /health/ready} answers 200. */
    public boolean ready() throws InterruptedException {
        try {
            return send("/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = send(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.http(pathAndQuery)).timeout(TIMEOUT).GET();
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
