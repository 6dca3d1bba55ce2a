package dev.roster.adapters.jsonlines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.roster.application.port.out.DeliveryFailedException;
import dev.roster.application.port.out.EventSink;
import dev.roster.domain.LoggedEvent;
import dev.roster.extending.broker.LineBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only event publisher, built as {@code docs/EXTENDING.md} says a NATS or Kafka publisher is built, so that
 * the page's steps are held true by a test: each event of a batch is published, in order, as one JSON line (its
 * {@link LoggedEvent#fields() fields}) on {@code <prefix><type>}, with the headers {@code roster-event-id},
 * {@code roster-event-type} and {@code roster-batch} (the id of the batch's first event); the stage completes once
 * the broker acknowledged every line, and fails with one of {@link #REASONS} otherwise.
 *
 * <p>It lives in the test sources of {@code bootstrap}, in the package a real adapter module would have, because a
 * test-only adapter cannot be a module of its own: a real one is {@code adapters/<name>} with its own {@code pom.xml}
 * (EXTENDING.md, step 3). Its "client library" is {@link LineBroker}, an in-process stand-in for a broker.
 */
public final class JsonLinesSink implements EventSink, AutoCloseable {
    /** Why a delivery failed, as the failure's message says it; one of these and nothing else. */
    public static final List<String> REASONS = List.of("timeout", "refused", "unreachable", "error");
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesSink.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonLinesSettings settings;
    private final LineBroker.Connection connection;

    public JsonLinesSink(JsonLinesSettings settings, LineBroker broker) {
        this.settings = settings;
        this.connection = broker.connect();
    }

    @Override
    public CompletionStage<Void> deliver(List<LoggedEvent> events) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        String batch = events.get(0).id();
        try {
            for (LoggedEvent event : events) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("roster-event-id", event.id());
                headers.put("roster-event-type", event.type());
                headers.put("roster-batch", batch);
                acks.add(connection.publish(settings.subjectPrefix() + event.type(), headers,
                        JSON.writeValueAsString(event.fields())));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            delivered.completeExceptionally(new DeliveryFailedException("error", e));
            return delivered;
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        delivered.complete(null);
                    } else {
                        String reason = reason(failure);
                        LOG.debug("a batch of {} events was not taken: {}", events.size(), reason, failure);
                        delivered.completeExceptionally(new DeliveryFailedException(reason, failure));
                    }
                });
        return delivered;
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "timeout";
        }
        if (cause instanceof LineBroker.RefusedException) {
            return "refused";
        }
        if (cause instanceof LineBroker.NotConnectedException) {
            return "unreachable";
        }
        return "error";
    }

    @Override
    public String describe() {
        return "json lines on " + settings.subjectPrefix() + "<type>";
    }

    @Override
    public void close() {
        connection.close();
    }
}
