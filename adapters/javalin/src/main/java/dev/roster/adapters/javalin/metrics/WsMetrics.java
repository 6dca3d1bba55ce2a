package dev.roster.adapters.javalin.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket side's meters: open connections, frames in and out by type, errors by code, failures by task,
 * handshakes refused by code, connections closed by reason and frames refused by the rate limit. Tag values come
 * from the adapter's own fixed vocabulary, never from what a client wrote, so the number of series stays bounded.
 */
public final class WsMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedHandshakes = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedFrames = new ConcurrentHashMap<>();

    public WsMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("roster.connections.open", open, AtomicInteger::get)
                .description("WebSocket connections open on this node")
                .register(registry);
    }

    public void opened() {
        open.incrementAndGet();
    }

    /** A connection ended. */
    public void closed() {
        open.decrementAndGet();
    }

    /**
     * A connection is closed for {@code reason}: counted when the node decides it ({@code rate_limited},
     * {@code slow_consumer}, ...), or when it ends and nothing on this side had ({@code peer}); once per connection.
     */
    public void closedFor(String reason) {
        closes.computeIfAbsent(reason, r -> counter("roster.connections.closed", "reason", r,
                "WebSocket connections closed, by reason")).increment();
    }

    /** A {@code /ws} handshake was refused with {@code code} (the code of its answer's body). */
    public void handshakeRefused(String code) {
        refusedHandshakes.computeIfAbsent(code, c -> counter("roster.handshakes.refused", "code", c,
                "WebSocket handshakes refused, by code")).increment();
    }

    /** A client frame was dropped unread, for {@code reason}. */
    public void frameRefused(String reason) {
        refusedFrames.computeIfAbsent(reason, r -> counter("roster.frames.refused", "reason", r,
                "client frames dropped without being handled, by reason")).increment();
    }

    public int openConnections() {
        return open.get();
    }

    public void frameIn(String type) {
        framesIn.computeIfAbsent(type, t -> counter("roster.frames.in", "type", t, "client frames received"))
                .increment();
    }

    public void frameOut(String type) {
        framesOut(type, 1);
    }

    public void framesOut(String type, int count) {
        framesOut.computeIfAbsent(type, t -> counter("roster.frames.out", "type", t, "server frames sent"))
                .increment(count);
    }

    public void error(String code) {
        errors.computeIfAbsent(code, c -> counter("roster.errors", "code", c, "error frames sent, by code"))
                .increment();
    }

    /**
     * Work of the web side that failed with nobody to answer: a disconnect that did not reach the store, a round of
     * keep-alive pings, a refresh of the online count. {@code task} is one of the adapter's own names.
     */
    public void failed(String task) {
        failures.computeIfAbsent(task, t -> counter("roster.web.failures", "task", t,
                "work of the web side that failed with no client to answer, by task")).increment();
    }

    private Counter counter(String name, String tag, String value, String description) {
        return Counter.builder(name).tag(tag, value).description(description).register(registry);
    }
}
