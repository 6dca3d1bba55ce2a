package dev.roster.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.system.TestNode;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The dashboard's HTTP side as a browser would use it, one request at a time and without following redirects, so
 * that every status, cookie and Location can be looked at.
 */
final class AdminHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final TestNode node;

    AdminHttp(HttpClient http, TestNode node) {
        this.http = http;
        this.node = node;
    }

    /** An answer with its status, headers and body. */
    record Answer(HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        /** The value of the admin cookie this answer sets, as the browser would send it back. */
        String cookie() {
            String set = header("Set-Cookie").orElseThrow(() -> new AssertionError("no Set-Cookie"));
            return set.substring(0, set.indexOf(';'));
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(node.url(path))).timeout(WsClient.WAIT);
    }

    Answer send(HttpRequest.Builder request) {
        try {
            return new Answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Answer get(String path, String cookie) {
        // what a browser's navigation asks for; its scripts' fetches take anything
        HttpRequest.Builder request = request(path).header("Accept", "text/html,*/*;q=0.8").GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    /** Posts the sign-in form as a browser on the dashboard's own origin does. */
    /** A script or back end: no browser Accept header, maybe the admin bearer token. */
    Answer script(String path, String bearer) {
        HttpRequest.Builder request = request(path).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    Answer login(String token) {
        return login(token, node.url(""));
    }

    Answer login(String token, String origin) {
        HttpRequest.Builder request = request("/admin/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    /** A signed-in session: the cookie header value and its CSRF token. */
    record Session(String cookie, String csrf) {
    }

    Session signIn() {
        Answer answer = login(WebNode.ADMIN_TOKEN);
        if (answer.status() != 303) {
            throw new AssertionError("sign-in answered " + answer.status() + ": " + answer.body());
        }
        String cookie = answer.cookie();
        return new Session(cookie, get("/admin/api/session", cookie).json().path("csrf").asText());
    }

    Answer delete(String path, String cookie, String csrf) {
        HttpRequest.Builder request = request(path).DELETE();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return send(request);
    }

    /** A request to the bearer-token HTTP API. */
    Answer bearer(String method, String path) {
        return send(request(path).header("Authorization", "Bearer " + WebNode.ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }
}
