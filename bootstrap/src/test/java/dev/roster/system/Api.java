package dev.roster.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The HTTP side of a test node, with or without the admin token. */
final class Api {
    private final HttpClient http;
    private final int port;
    private final String token;

    Api(HttpClient http, int port, String token) {
        this.http = http;
        this.port = port;
        this.token = token;
    }

    /** An answer: its status, and its body parsed when it is JSON. */
    record Answer(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return Frames.JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Answer get(String path) {
        return send("GET", path);
    }

    Answer delete(String path) {
        return send("DELETE", path);
    }

    private Answer send(String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(WsClient.WAIT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    JsonNode json(String path) {
        Answer answer = get(path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    JsonNode user(String id) {
        return json("/api/users/" + id);
    }

    JsonNode room(String id) {
        return json("/api/rooms/" + id);
    }
}
