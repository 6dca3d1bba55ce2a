package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.domain.DeadLetter;
import dev.roster.domain.LoggedEvent;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the nodes share about delivering the event log, in the log's own {@code {events}} slot: the lease
 * ({@code SET NX PX}-like, taken and renewed by a script), the position (the id delivered up to) and the dead
 * letters (a list, newest first, capped at {@link #DEAD_LETTERS_KEPT}). Moving the position and parking a batch are
 * scripts that first check that the caller still holds the lease, so that a node that paused past its lease
 * changes nothing (fencing). The lease's expiry is Redis's own: the nodes' clocks never decide.
 */
public final class RedisDeliveryLedger implements DeliveryLedger {
    static final int DEAD_LETTERS_KEPT = 1000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final AnswerThread answers;
    private final ObjectMapper json = new ObjectMapper();
    private final LuaScript claim = LuaScript.load("ledger-claim", ScriptOutputType.MULTI);
    private final LuaScript move = LuaScript.load("ledger-move", ScriptOutputType.INTEGER);
    private final LuaScript release = LuaScript.load("ledger-release", ScriptOutputType.INTEGER);

    RedisDeliveryLedger(RedisClusterAsyncCommands<String, String> redis, Keys keys, AnswerThread answers) {
        this.redis = redis;
        this.keys = keys;
        this.answers = answers;
    }

    @Override
    public CompletionStage<Position> claim(String holder, Duration lease) {
        long millis = Math.max(1, lease.toMillis());
        return answers.handOff(claim.<List<Object>>run(redis, new String[] {keys.deliveryLease(),
                keys.deliveryPosition()}, holder, Long.toString(millis)).thenApply(reply ->
                ((Number) reply.get(0)).longValue() == 1
                        ? new Position(holder, reply.size() > 1 ? (String) reply.get(1) : null)
                        : null));
    }

    @Override
    public CompletionStage<Boolean> advance(String holder, String delivered) {
        return moved(holder, delivered == null ? "" : delivered, "");
    }

    @Override
    public CompletionStage<Boolean> park(String holder, DeadLetter letter) {
        return moved(holder, letter.lastId(), encode(letter));
    }

    private CompletionStage<Boolean> moved(String holder, String delivered, String letter) {
        return answers.handOff(move.<Long>run(redis, new String[] {keys.deliveryLease(), keys.deliveryPosition(),
                keys.deadLetters()}, holder, delivered, letter, Integer.toString(DEAD_LETTERS_KEPT))
                .thenApply(moved -> moved == 1));
    }

    @Override
    public CompletionStage<Void> release(String holder) {
        return answers.handOff(release.<Long>run(redis, new String[] {keys.deliveryLease()}, holder)
                .thenApply(released -> null));
    }

    /** Both keys share a slot, so one {@code MGET} reads them together. */
    @Override
    public CompletionStage<Position> position() {
        return answers.handOff(Failures.guard(() -> redis.mget(keys.deliveryLease(), keys.deliveryPosition()))
                .thenApply(values -> new Position(value(values.get(0)), value(values.get(1)))));
    }

    private static String value(KeyValue<String, String> kv) {
        return kv.hasValue() ? kv.getValue() : null;
    }

    @Override
    public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("limit must be at least 1, got " + limit));
        }
        return answers.handOff(Failures.guard(() -> redis.lrange(keys.deadLetters(), 0, limit - 1L))
                .thenApply(texts -> texts.stream().map(this::decode).toList()));
    }

    @Override
    public CompletionStage<Long> deadLetterCount() {
        return answers.handOff(Failures.guard(() -> redis.llen(keys.deadLetters())));
    }

    private String encode(DeadLetter letter) {
        ObjectNode node = json.createObjectNode();
        ArrayNode events = node.putArray("events");
        for (LoggedEvent event : letter.events()) {
            events.add(json.valueToTree(event.fields()));
        }
        node.put("reason", letter.reason());
        node.put("attempts", letter.attempts());
        // as text, so that it reads back to the same instant, to the nanosecond
        node.put("parkedAt", letter.parkedAt().toString());
        return node.toString();
    }

    @SuppressWarnings("unchecked")
    private DeadLetter decode(String text) {
        try {
            JsonNode node = json.readTree(text);
            List<LoggedEvent> events = new ArrayList<>();
            for (JsonNode event : node.path("events")) {
                Map<String, Object> fields = json.convertValue(event, LinkedHashMap.class);
                events.add(LoggedEvent.fromFields(fields));
            }
            return new DeadLetter(events, node.path("reason").asText(), node.path("attempts").asInt(),
                    Instant.parse(node.path("parkedAt").asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored dead letter is not valid JSON", e);
        }
    }
}
