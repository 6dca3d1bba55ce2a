package dev.roster.adapters.hooks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real HTTP server standing in for an application's webhook: answers as told and keeps every delivery. */
final class WebhookReceiver implements AutoCloseable {
    static final String PATH = "/hooks/roster";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the receiver read it, and the status it answers (0 when it does not answer). */
    record Delivery(String method, String path, Map<String, List<String>> headers, byte[] body, int status) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The events of the body, each as its fields. */
        List<Map<String, Object>> events() throws IOException {
            Map<String, List<Map<String, Object>>> batch = JSON.readValue(body, new TypeReference<>() {
            });
            return batch.get("events");
        }
    }

    /**
     * What the receiver answers with: a status, with a body or a {@code Location} when not null, or no answer at
     * all when {@code hang}.
     */
    record Answer(int status, byte[] body, URI location, boolean hang) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer answer = status(204);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Answer now = answer;
                // kept before the answer is sent, so that a sink told the batch was taken finds it here
                deliveries.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body, now.hang() ? 0 : now.status()));
                send(exchange, now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    void answers(Answer next) {
        this.answer = next;
    }

    /** Every delivery that arrived so far, in the order it arrived, with the status it was (or is being) answered. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries answered with a 2xx. */
    List<Delivery> taken() {
        return deliveries.stream().filter(d -> d.status() / 100 == 2).toList();
    }

    static Answer status(int status) {
        return new Answer(status, null, null, false);
    }

    static Answer body(int status, byte[] body) {
        return new Answer(status, body, null, false);
    }

    /** A redirect to {@code location}. */
    static Answer redirect(int status, URI location) {
        return new Answer(status, null, location, false);
    }

    /** No answer until the receiver closes (or a minute passes). */
    static Answer hanging() {
        return new Answer(0, null, null, true);
    }

    private void send(HttpExchange exchange, Answer now) throws IOException, InterruptedException {
        if (now.hang()) {
            closing.await(1, TimeUnit.MINUTES);
            return;
        }
        if (now.location() != null) {
            exchange.getResponseHeaders().set("Location", now.location().toString());
        }
        if (now.body() == null) {
            exchange.sendResponseHeaders(now.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(now.status(), now.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(now.body());
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
