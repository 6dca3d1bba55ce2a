package dev.roster.bootstrap.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of one user on one node; keeps every frame it got, in order. */
final class WsUser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private WsUser(int port, String user) throws Exception {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?user=" + user), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(parse(partial.toString()));
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    static WsUser connect(int port, String user) throws Exception {
        return new WsUser(port, user);
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    boolean got(String type) {
        return frames.stream().anyMatch(f -> type.equals(f.path("type").asText()));
    }

    /** The states announced for {@code user} in {@code room}, in arrival order. */
    List<String> presenceOf(String user, String room) {
        return frames.stream().filter(f -> "presence".equals(f.path("type").asText())
                        && user.equals(f.path("user").asText()) && room.equals(f.path("room").asText()))
                .map(f -> f.path("state").asText()).toList();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
