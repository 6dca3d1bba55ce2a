package dev.roster.system;

import dev.roster.testsupport.ws.WsClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code node.client("ann").device("web").connect()}: the handshake of one test client, step by step. */
final class ClientBuilder {
    private final HttpClient http;
    private final int port;
    private final Map<String, String> query = new LinkedHashMap<>();
    private String origin;

    ClientBuilder(HttpClient http, int port, String user) {
        this.http = http;
        this.port = port;
        if (user != null) {
            query.put("user", user);
        }
    }

    ClientBuilder device(String device) {
        query.put("device", device);
        return this;
    }

    /** Authenticates with a JWT instead of a user name. */
    ClientBuilder token(String token) {
        query.remove("user");
        query.put("token", token);
        return this;
    }

    ClientBuilder origin(String origin) {
        this.origin = origin;
        return this;
    }

    /** Opens the socket and waits for {@code welcome}, so that the session is registered when this returns. */
    WsClient connect() {
        WsClient client = WsClient.connect(http, uri(), headers());
        client.expect("welcome");
        return client;
    }

    /** The HTTP status of a handshake the server must refuse. */
    int refusedWith() {
        return WsClient.refusedStatus(http, uri(), headers());
    }

    private Map<String, String> headers() {
        return origin == null ? Map.of() : Map.of("Origin", origin);
    }

    private URI uri() {
        String params = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create("ws://127.0.0.1:" + port + "/ws" + (params.isEmpty() ? "" : "?" + params));
    }
}
