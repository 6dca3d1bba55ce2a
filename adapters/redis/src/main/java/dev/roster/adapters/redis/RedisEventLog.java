package dev.roster.adapters.redis;

import dev.roster.application.port.out.EventLog;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cluster's event log in one Redis stream, {@code roster:{events}:log}, with its generation marker beside it
 * (ADR 6). Commits append to it themselves ({@link EventAppends}); this appends only what is not a transition's,
 * and reads. Ids are {@code <generation>-<stream id>} ({@link EventIds}); each read checks the generation and the
 * oldest entry kept in the same script that reads, so that a reader after an id the log no longer keeps is told
 * so ({@link EventsGoneException}) and never handed a gap.
 *
 * <p>The log keeps about {@link RedisSettings#eventsKeep()} entries, trimmed approximately by every append
 * ({@code MAXLEN ~}), and {@link #trimByAge} drops entries older than {@link RedisSettings#eventsMaxAge()}.
 */
public final class RedisEventLog implements EventLog {
    /** How many of the newest entries an append on a Redis Cluster looks through for its entry, when another
     *  node relayed it. */
    private static final int FIND_WITHIN = 1000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final String keep;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final EventTailer tailer;
    private final AnswerThread answers;
    private final LuaScript read = LuaScript.load("log-read", ScriptOutputType.MULTI);
    private final LuaScript append = LuaScript.load("log-append", ScriptOutputType.MULTI);

    /** @param relay the relay of the outboxes on a Redis Cluster, null elsewhere */
    RedisEventLog(RedisClusterAsyncCommands<String, String> redis, Keys keys, RedisSettings settings,
                  EventCodec codec, OutboxRelay relay, EventTailer tailer, AnswerThread answers) {
        this.redis = redis;
        this.keys = keys;
        this.keep = Integer.toString(settings.eventsKeep());
        this.codec = codec;
        this.relay = relay;
        this.tailer = tailer;
        this.answers = answers;
    }

    /**
     * On a standalone Redis, one script appends and names the entry. On a cluster the event goes through its
     * user's outbox like a commit's, so that it comes after whatever of that user's events still wait there, and
     * is relayed at once.
     */
    @Override
    public CompletionStage<LoggedEvent> append(LoggedEvent event) {
        String text = codec.encode(event);
        if (relay == null) {
            return answers.handOff(append.<List<Object>>run(redis,
                    new String[] {keys.eventLog(), keys.eventGeneration()}, EventIds.newGeneration(), keep, text)
                    .thenApply(named -> event.withId(EventIds.id((String) named.get(0), (String) named.get(1)))));
        }
        int bucket = keys.bucket(event.user());
        XAddArgs args = XAddArgs.Builder.maxlen(Long.parseLong(keep)).approximateTrimming();
        return answers.handOff(Failures.guard(() -> redis.xadd(keys.outbox(bucket), args, Map.of("e", text)))
                .thenCompose(outboxId -> relay.relay(bucket).thenCompose(appended -> {
                    String id = appended.get(outboxId);
                    return id != null ? CompletableFuture.completedFuture(id) : find(bucket, outboxId);
                }))
                .thenApply(event::withId));
    }

    /** The log's id of an outbox entry that another node relayed, among the newest entries. */
    private CompletableFuture<String> find(int bucket, String outboxId) {
        String origin = bucket + "/" + outboxId;
        return Failures.guard(() -> redis.get(keys.eventGeneration()))
                .thenCombine(Failures.guard(() -> redis.xrevrange(keys.eventLog(), Range.create("-", "+"),
                        Limit.from(FIND_WITHIN))), (generation, entries) -> {
                    for (StreamMessage<String, String> entry : entries) {
                        if (origin.equals(entry.getBody().get("o"))) {
                            return EventIds.id(generation, entry.getId());
                        }
                    }
                    throw new IllegalStateException("event appended through the outbox of bucket " + bucket
                            + " but not found among the newest " + FIND_WITHIN + " of the log");
                });
    }

    @Override
    public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
        EventIds.Parsed from;
        try {
            requireLimit(limit);
            from = after == null ? null : EventIds.parse(after);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String[] args = {EventIds.newGeneration(), "after", Integer.toString(limit),
                from == null ? "" : from.generation(), from == null ? "" : from.streamId()};
        return answers.handOff(settled().thenCompose(ready -> read.<List<Object>>run(redis, logKeys(), args))
                .thenApply(reply -> {
                    String generation = (String) reply.get(0);
                    if ("gone".equals(reply.get(1))) {
                        String oldest = (String) reply.get(2);
                        throw new EventsGoneException(after,
                                oldest == null || oldest.isEmpty() ? null : EventIds.id(generation, oldest));
                    }
                    return decode(generation, reply, false);
                }));
    }

    @Override
    public CompletionStage<List<LoggedEvent>> latest(int limit) {
        try {
            requireLimit(limit);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return answers.handOff(settled().thenCompose(ready -> read.<List<Object>>run(redis, logKeys(),
                        EventIds.newGeneration(), "latest", Integer.toString(limit), "", ""))
                .thenApply(reply -> decode((String) reply.get(0), reply, true)));
    }

    @Override
    public AutoCloseable onAppended(Runnable signal) {
        return tailer.listen(signal);
    }

    /** Drops the entries older than {@code maxAge}, approximately (whole nodes of the stream), cheaply. */
    CompletableFuture<Long> trimByAge(Instant now, Duration maxAge) {
        String minId = Long.toString(now.minus(maxAge).toEpochMilli()) + "-0";
        return Failures.guard(() -> redis.xtrim(keys.eventLog(),
                XTrimArgs.Builder.minId(minId).approximateTrimming()));
    }

    /** On a cluster, once what this node committed until now is relayed into the log: it reads its own writes. */
    private CompletableFuture<Void> settled() {
        return relay == null ? CompletableFuture.completedFuture(null) : relay.settled();
    }

    private String[] logKeys() {
        return new String[] {keys.eventLog(), keys.eventGeneration()};
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    private List<LoggedEvent> decode(String generation, List<Object> reply, boolean newestFirst) {
        List<LoggedEvent> events = new ArrayList<>((reply.size() - 2) / 2);
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            events.add(codec.decode(EventIds.id(generation, (String) reply.get(i)), (String) reply.get(i + 1)));
        }
        if (newestFirst) {
            Collections.reverse(events);
        }
        return events;
    }
}
