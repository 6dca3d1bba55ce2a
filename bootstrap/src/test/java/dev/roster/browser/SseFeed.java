package dev.roster.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.ws.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** The dashboard's live feed read as an EventSource reads it: every {@code presence} event with its id, in order. */
final class SseFeed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event of the stream. */
    record Event(String id, String type, JsonNode data) {
        /** The sequence number in an id of the form {@code <boot>.<seq>}. */
        long seq() {
            return Long.parseLong(id.substring(id.lastIndexOf('.') + 1));
        }
    }

    private final InputStream body;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private SseFeed(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "sse-feed-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code /admin/feed} (with a query, e.g. {@code ?lastEventId=...}) with these extra headers. */
    static SseFeed open(HttpClient http, AdminHttp admin, String query, String cookie, String... headers) {
        HttpRequest.Builder request = admin.request("/admin/feed" + query).header("Cookie", cookie)
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new AssertionError("the feed answered " + response.statusCode());
            }
            return new SseFeed(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, type, JSON.readTree(data.toString())));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException e) {
            // closed by the test: the events read so far stay
        }
    }

    /** The {@code presence} events received so far, in arrival order. */
    List<Event> presence() {
        return events.stream().filter(e -> "presence".equals(e.type())).toList();
    }

    /** Waits until a presence event matches, and returns it. */
    Event await(Predicate<JsonNode> matching) {
        Awaitility.await().atMost(WsClient.WAIT)
                .until(() -> presence().stream().anyMatch(e -> matching.test(e.data())));
        return presence().stream().filter(e -> matching.test(e.data())).findFirst().orElseThrow();
    }

    static Predicate<JsonNode> kind(String kind, String user) {
        return data -> kind.equals(data.path("kind").asText()) && user.equals(data.path("user").asText());
    }

    @Override
    public void close() {
        // the reader thread is a daemon and ends when the closed stream fails its next read
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
