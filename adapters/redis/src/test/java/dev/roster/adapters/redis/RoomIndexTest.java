package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.NodeId;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The room index takes writes in any order from any node: only a newer version changes an entry. */
class RoomIndexTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static final RoomId HALL = RoomId.of("hall");
    private static final UserId ANN = UserId.of("ann");
    private final Keys keys = new Keys(64);
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RoomIndex index;

    @BeforeEach
    void open() {
        REDIS.flush();
        client = RedisClient.create(REDIS.url());
        connection = client.connect();
        index = new RoomIndex(connection.async(), keys, Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    /** Ann's presence with one session in the hall (or none) at a given time, hence version. */
    private static Presence ann(boolean inHall, Instant at) {
        Presence online = Presence.unknown(ANN)
                .open(new Session(SessionId.of("s1"), ANN, NodeId.of("n"), "b", "web", at), at).presence();
        return inHall ? online.join(SessionId.of("s1"), HALL, at).presence() : online;
    }

    @Test
    void aLateWriteOfAnOlderVersionNeverUndoesANewerOne() {
        Instant t0 = Instant.parse("2026-11-27T20:00:00Z");
        Presence joined = ann(true, t0);
        Presence leftLater = ann(false, t0.plusSeconds(5));
        assertThat(leftLater.version()).isGreaterThan(joined.version());

        // the leave's write arrives first, the join's write after it
        index.follow(joined, leftLater).join();
        index.follow(Presence.unknown(ANN), joined).join();

        assertThat(index.members(HALL).join()).isEmpty();

        Presence rejoined = ann(true, t0.plusSeconds(9));
        index.follow(leftLater, rejoined).join();
        assertThat(index.members(HALL).join()).containsExactly(ANN);
    }

    @Test
    void aRoomWithNobodyInItExpiresWithItsTombstones() {
        Instant now = Instant.now();
        Presence joined = ann(true, now);
        index.follow(Presence.unknown(ANN), joined).join();
        assertThat(ttl()).isEqualTo(-1);

        index.follow(joined, ann(false, now.plusMillis(10))).join();

        assertThat(ttl()).isPositive();
        AtomicLong counted = new AtomicLong();
        REDIS.withCommands(c -> counted.set(Long.parseLong(c.hget(keys.room(HALL), "#"))));
        assertThat(counted.get()).isZero();
    }

    private long ttl() {
        AtomicLong ttl = new AtomicLong();
        REDIS.withCommands(c -> ttl.set(c.pttl(keys.room(HALL))));
        return ttl.get();
    }
}
