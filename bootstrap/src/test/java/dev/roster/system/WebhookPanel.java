package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The dashboard's webhook panel as the signed-in page reads it ({@code /admin/api/webhooks}). */
final class WebhookPanel {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebhookPanel() {
    }

    /** What the page reads for its webhook panel, with the sign-in cookie. */
    static JsonNode read(int port, String cookie) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api/webhooks"))
                .timeout(WsClient.WAIT).header("Cookie", cookie).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Frames.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /admin/api/webhooks failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The dashboard shows the dead letter holding {@code ids}: the page has a webhook panel, and what it reads for
     * it lists the letter with its reason and tries, and the delivery's dead-letter count.
     */
    static void assertDeadLetterShown(Dashboard dashboard, int port, String cookie, List<String> ids) {
        assertThat(cookie).as("signed in").isNotNull();
        Api.Answer page = dashboard.page(cookie);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().toLowerCase(Locale.ROOT)).contains("webhook");
        JsonNode panel = read(port, cookie);
        assertThat(panel.path("delivery").path("deadLetters").asLong()).isPositive();
        List<String> shown = new ArrayList<>();
        panel.path("deadLetters").forEach(letter -> {
            assertThat(letter.path("reason").asText()).isEqualTo("http_5xx");
            letter.path("events").forEach(e -> shown.add(e.path("id").asText()));
        });
        assertThat(shown).containsAll(ids);
    }
}
