package dev.roster.adapters.javalin.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Someone at one address in front of a node: a script with a bearer token, or a browser posting the sign-in form,
 * as a proxy in front of the node forwards them ({@code X-Forwarded-For}, {@code X-Forwarded-Proto}) or as they
 * would forge those headers themselves.
 */
final class Operator {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final int port;
    private final List<String> headers = new ArrayList<>();

    private Operator(int port) {
        this.port = port;
    }

    static Operator at(int port) {
        return new Operator(port);
    }

    /** Requests carry {@code X-Forwarded-For: address}. */
    Operator forwardedFor(String address) {
        return with("X-Forwarded-For", address);
    }

    Operator with(String name, String value) {
        Operator copy = new Operator(port);
        copy.headers.addAll(headers);
        copy.headers.add(name);
        copy.headers.add(value);
        return copy;
    }

    HttpResponse<String> get(String path, String bearer) {
        HttpRequest.Builder request = request(path).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** Posts the dashboard's sign-in form with {@code token}. */
    HttpResponse<String> signIn(String token) {
        return send(request("/admin/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token,
                        StandardCharsets.UTF_8))));
    }

    String origin(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (!headers.isEmpty()) {
            request.headers(headers.toArray(String[]::new));
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
