package dev.roster.system;

import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The operators' dashboard as a browser reaches it: sign in with the admin token, then open {@code /admin}. */
final class Dashboard {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;

    Dashboard(int port) {
        this.port = port;
    }

    /** Posts the sign-in form; returns the session cookie it set, or null when it set none. */
    String signIn(String token) {
        HttpRequest request = HttpRequest.newBuilder(uri("/admin/login"))
                .timeout(WsClient.WAIT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = send(request);
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("roster_admin="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')))
                .findFirst()
                .orElse(null);
    }

    /** GET /admin with this cookie (none when null). */
    Api.Answer page(String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/admin")).timeout(WsClient.WAIT).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = send(request.build());
        return new Api.Answer(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.uri(), e);
        }
    }
}
