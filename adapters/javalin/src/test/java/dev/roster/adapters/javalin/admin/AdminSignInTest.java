package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The session cookie lasts as long as the dashboard's own time says, not the machine's. */
class AdminSignInTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T20:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSessionCookieIsAcceptedUntilTheSessionLapsesByTheInjectedTime() throws Exception {
        InstantSource time = now::get;
        try (AdminNode node = new AdminNode(AdminConsole.VIEWER_QUEUE, time)) {
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri(node, "/admin/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + AdminNode.ADMIN_TOKEN)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(303);
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            assertThat(cookie).startsWith(AdminAuth.COOKIE + "=");

            assertThat(session(node, cookie)).isEqualTo(200);
            now.set(now.get().plusMillis(AdminAuth.SESSION_MILLIS - 1));
            assertThat(session(node, cookie)).isEqualTo(200);
            now.set(now.get().plus(Duration.ofMillis(1)));
            assertThat(session(node, cookie)).isEqualTo(401);
        }
    }

    private int session(AdminNode node, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(node, "/admin/api/session")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static URI uri(AdminNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }
}
