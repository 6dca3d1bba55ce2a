package dev.roster.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.ws.WsClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A back end following {@code GET /api/events/stream} (Server-Sent Events) of a test node: every event it was sent,
 * as sent ({@code id:}, {@code event:}, {@code data:}), parsed line by line as the bytes arrive, until the test
 * {@link #close() closes} it or the server ends it. A refusal (410, 429, 401) keeps its status and body instead.
 */
final class EventStream implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One event of the stream: its {@code id:}, {@code event:} and {@code data:} lines. */
    record Event(String id, String type, String data) {
        JsonNode json() {
            try {
                return Frames.JSON.readTree(data);
            } catch (JsonProcessingException e) {
                throw new AssertionError("data is not JSON: " + data, e);
            }
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder body = new StringBuilder();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private HttpResponse<?> response;
    private String id;
    private String type;
    private StringBuilder data;

    private EventStream() {
    }

    /**
     * Opens the stream of the node at {@code port} with the admin token; {@code query} (without {@code ?}) and
     * {@code lastEventId} are left out when null. Returns once the answer's head arrived.
     */
    static EventStream open(HttpClient http, int port, String query, String lastEventId) {
        return open(http, port, TestNode.ADMIN_TOKEN, query, lastEventId);
    }

    /** As {@link #open(HttpClient, int, String, String)}, with this token ({@code null}: none). */
    static EventStream open(HttpClient http, int port, String token, String query, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/events/stream" + (query == null ? "" : "?" + query)))
                .header("Accept", "text/event-stream")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        EventStream stream = new EventStream();
        try {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> head = http.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofPublisher()).get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (stream) {
                stream.response = head;
            }
            head.body().subscribe(stream.subscriber());
            return stream;
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no answer to GET /api/events/stream within " + WsClient.WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while opening the stream", e);
        }
    }

    static EventStream open(TestNode node, String query, String lastEventId) {
        return open(HTTP, node.port(), query, lastEventId);
    }

    /** A stream of {@code node} asked for with this token ({@code null}: none). */
    static EventStream openAs(TestNode node, String token) {
        return open(HTTP, node.port(), token, null, null);
    }

    private Flow.Subscriber<List<ByteBuffer>> subscriber() {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (closed) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                buffers.forEach(EventStream.this::bytes);
            }

            @Override
            public void onError(Throwable failure) {
                end();
            }

            @Override
            public void onComplete() {
                end();
            }
        };
    }

    /** The answer ended: a refusal's body need not end with a line break, so what is left of it is kept too. */
    private void end() {
        synchronized (this) {
            if (line.size() > 0 && response.statusCode() != 200) {
                body.append(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
        ended.complete(null);
    }

    private synchronized void bytes(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            } else {
                line.write(b);
            }
        }
    }

    private void line(String text) {
        body.append(text).append('\n');
        if (response.statusCode() != 200) {
            return;
        }
        if (text.isEmpty()) {
            if (data != null) {
                events.add(new Event(id, type, data.toString()));
            }
            id = null;
            type = null;
            data = null;
            return;
        }
        if (text.startsWith(":")) {
            comments.add(text.substring(1).strip());
            return;
        }
        fields.add(text);
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
                // retry: and anything else a client may ignore
            }
        }
    }

    synchronized int status() {
        return response.statusCode();
    }

    synchronized String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** Every complete event received so far, in order. */
    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The ids of every complete event received so far, in order. */
    synchronized List<String> ids() {
        return events.stream().map(Event::id).toList();
    }

    /** The comment lines ({@code : keep-alive}) received so far, without the colon. */
    synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    /** Every field line received so far ({@code retry: 1000} included), in order. */
    synchronized List<String> fieldLines() {
        return List.copyOf(fields);
    }

    /** The whole body of a refusal, once the server ended it. */
    String refusal() {
        awaitEnd();
        synchronized (this) {
            return body.toString();
        }
    }

    /** The refusal's body as JSON. */
    JsonNode refusalJson() {
        try {
            return Frames.JSON.readTree(refusal());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Whether the server ended the stream (or the connection broke). */
    boolean ended() {
        return ended.isDone();
    }

    private void awaitEnd() {
        try {
            ended.get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the answer did not end within " + WsClient.WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops reading and drops the connection, as a back end that goes away does. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
