package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A dashboard viewer that stops reading while the activity flows: its queue is bounded, so it is dropped once the
 * queue is full, and meanwhile the viewer beside it gets every event, in order, and the node answers as before.
 */
class StalledViewerTest {
    private static final int EVENTS = 60_000;
    private static final Pattern SEQ = Pattern.compile("\"user\":\"seq-(\\d+)\"");

    @Test
    void aViewerThatNeverReadsIsDroppedWhileTheOtherGetsEveryEventAndTheNodeAnswers() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (AdminNode node = new AdminNode();
             RawFeed stalled = RawFeed.openUnread(node.port())) {
            Awaitility.await().atMost(RawFeed.WAIT).until(() -> node.admin.viewers() == 1);
            HttpResponse<Stream<String>> feed = http.send(HttpRequest.newBuilder(uri(node, "/admin/feed"))
                    .header("Authorization", "Bearer " + AdminNode.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(feed.statusCode()).isEqualTo(200);
            Awaitility.await().atMost(RawFeed.WAIT).until(() -> node.admin.viewers() == 2);
            List<Integer> seen = new ArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try (Stream<String> lines = feed.body()) {
                    lines.takeWhile(line -> !line.contains("\"user\":\"seq-end\"")).forEach(line -> {
                        Matcher seq = SEQ.matcher(line);
                        if (line.startsWith("data:") && seq.find()) {
                            seen.add(Integer.parseInt(seq.group(1)));
                        }
                    });
                }
            });

            for (int i = 0; i < EVENTS; i++) {
                node.activity("seq-" + i);
                if (i % 20 == 0) {
                    Thread.sleep(1);
                }
                if (i % 10_000 == 0) {
                    // the node answers its probes and the API while the stalled viewer fills up
                    assertThat(get(http, node, "/health/live").statusCode()).isEqualTo(200);
                    assertThat(get(http, node, "/api/online/count").statusCode()).isEqualTo(200);
                }
            }
            node.activity("seq-end");
            reading.get(RawFeed.WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(node.admin.viewers()).as("the stalled viewer was dropped, the reader kept").isEqualTo(1);
            assertThat(seen).hasSize(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                if (seen.get(i) != i) {
                    throw new AssertionError("event " + i + " arrived as " + seen.get(i));
                }
            }
            // the server ended the stalled viewer's stream; nothing of it is kept
            stalled.startReading();
            stalled.awaitEnd();
        }
    }

    private static HttpResponse<String> get(HttpClient http, AdminNode node, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + AdminNode.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AdminNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }
}
