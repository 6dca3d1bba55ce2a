package dev.roster.adapters.redis;

import dev.roster.domain.NodeId;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures Redis bytes per online session: 100,000 users with one session each, every user in one room of 100.
 * Not part of the suite (its name matches no Surefire pattern); run it on purpose with
 * {@code mvn test -pl adapters/redis -Dtest=RedisMemoryBenchmark} and copy the lines it logs to BENCHMARKS.md.
 */
class RedisMemoryBenchmark {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final Logger LOG = LoggerFactory.getLogger(RedisMemoryBenchmark.class);

    private static final int SESSIONS = 100_000;
    private static final int ROOM_SIZE = 100;
    private static final int IN_FLIGHT = 2_000;

    @Test
    void bytesPerOnlineSession() {
        REDIS.flush();
        long before = usedMemory();
        NodeId node = NodeId.of("node-a");
        String boot = UUID.randomUUID().toString();
        long started = System.nanoTime();
        try (RedisStore store = RedisStore.open(REDIS.url(), null, RedisSettings.defaults())) {
            long afterOpen = usedMemory();
            for (int from = 0; from < SESSIONS; from += IN_FLIGHT) {
                List<CompletableFuture<?>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(SESSIONS, from + IN_FLIGHT); i++) {
                    UserId user = UserId.of("user-" + i);
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    Session session = new Session(SessionId.of(UUID.randomUUID().toString().replace("-", "")), user,
                            node, boot, "web", now);
                    RoomId room = RoomId.of("room-" + (i / ROOM_SIZE));
                    batch.add(store.presence().apply(user, p -> p.open(session, now)).toCompletableFuture()
                            .thenCompose(o -> store.presence().apply(user, p -> p.join(session.id(), room, now))));
                }
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = usedMemory();
            LOG.info("sessions={} rooms={} buckets={}", SESSIONS, SESSIONS / ROOM_SIZE,
                    RedisSettings.defaults().buckets());
            LOG.info("used_memory before={} after_open={} after={} delta={} bytes_per_session={}", before,
                    afterOpen, after, after - afterOpen, String.format("%.1f", (after - afterOpen) / (double) SESSIONS));
            LOG.info("2 transitions per session (open, join) in {} s: {} transitions/s",
                    String.format("%.1f", seconds), String.format("%.0f", 2 * SESSIONS / seconds));
            Keys keys = new Keys(RedisSettings.defaults().buckets());
            UserId sample = UserId.of("user-4242");
            int bucket = keys.bucket(sample);
            printUsage("presence of one online user", keys.presence(sample));
            printUsage("online index of one bucket", keys.online(bucket));
            printUsage("boot set of one bucket", keys.boot(bucket, node, boot));
            printUsage("room hash of 100 members", keys.room(RoomId.of("room-42")));
            REDIS.withCommands(c -> LOG.info("sample presence value: {}", c.get(keys.presence(sample))));
        }
    }

    private static void printUsage(String what, String key) {
        REDIS.withCommands(c -> LOG.info("MEMORY USAGE {} ({}): {} bytes", key, what, c.memoryUsage(key)));
    }

    private static long usedMemory() {
        AtomicLong used = new AtomicLong();
        REDIS.withCommands(c -> {
            for (String line : c.info("memory").split("\r?\n")) {
                if (line.startsWith("used_memory:")) {
                    used.set(Long.parseLong(line.substring("used_memory:".length()).trim()));
                }
            }
        });
        return used.get();
    }
}
