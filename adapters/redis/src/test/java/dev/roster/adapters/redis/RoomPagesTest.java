package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.out.PresenceDirectory.RoomPage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pages of a room read from its sorted members: what a page costs, how a room written by a node of an older
 * version (the hash alone) is taken over, and how writes drop old tombstones now that readers of pages never read
 * the whole hash. The paging behaviour itself is in the directory contract, run on every topology.
 */
class RoomPagesTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static final RoomId HALL = RoomId.of("hall");
    private static final Duration TOMBSTONES = Duration.ofMinutes(1);
    private final Keys keys = new Keys(64);
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RoomIndex index;
    private PresenceReads reads;

    @BeforeEach
    void open() {
        REDIS.flush();
        client = RedisClient.create(REDIS.url());
        connection = client.connect();
        index = new RoomIndex(connection.async(), keys, TOMBSTONES);
        reads = new PresenceReads(connection.async(), connection.async(), new BulkReads(4), keys, new PresenceCodec(),
                new RecentPresences(16), new AnswerThread(Runnable::run));
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    /** The user's presence with one session, in the hall or not, at a given time (hence version). */
    private static Presence presence(String user, boolean inHall, Instant at) {
        UserId id = UserId.of(user);
        Presence online = Presence.unknown(id)
                .open(new Session(SessionId.of("s-" + user), id, NodeId.of("n"), "b", "web", at), at).presence();
        return inHall ? online.join(SessionId.of("s-" + user), HALL, at).presence() : online;
    }

    private void joinAll(int members, Instant at) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String user = String.format("u%04d", i);
            writes.add(index.follow(Presence.unknown(UserId.of(user)), presence(user, true, at)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * A page and its presences look up about as many keys as the page holds, not as the room holds: counted by
     * Redis itself ({@code keyspace_hits} and {@code keyspace_misses}: one per key an MGET looks up), with the
     * whole room's read measured the same way to show that the count would tell.
     */
    @Test
    void aPageOfARoomOfTwoThousandLooksUpAboutAsManyKeysAsThePageHolds() {
        joinAll(2000, Instant.now());

        resetStats();
        RoomPage page = index.page(HALL, 10, null).join();
        reads.readAll(page.users()).join();
        long pageLookups = keyLookups();
        String pageCommands = commandStats();

        resetStats();
        reads.readAll(index.members(HALL).join()).join();
        long wholeRoomLookups = keyLookups();

        assertThat(page.users()).hasSize(10);
        assertThat(pageLookups).isLessThanOrEqualTo(10 + 5);
        assertThat(pageCommands).doesNotContain("cmdstat_hgetall", "cmdstat_hscan", "cmdstat_zrange:");
        assertThat(wholeRoomLookups).isGreaterThanOrEqualTo(2000);
    }

    /** A room a node of an older version wrote (its hash alone) is read whole once, then paged like any other. */
    @Test
    void aRoomWrittenByAnOlderNodeIsSortedOnceOnItsFirstPage() {
        long version = Instant.now().toEpochMilli() * 1000;
        REDIS.withCommands(c -> {
            c.hset(keys.room(HALL), "cat", "in:" + version);
            c.hset(keys.room(HALL), "ann", "in:" + version);
            c.hset(keys.room(HALL), "dan", "out:" + version);
            c.hset(keys.room(HALL), "bob", "in:" + version);
            c.hset(keys.room(HALL), "#", "3");
        });

        resetStats();
        RoomPage first = index.page(HALL, 2, null).join();
        assertThat(commandStats()).contains("cmdstat_hgetall:calls=1,");

        resetStats();
        RoomPage second = index.page(HALL, 2, first.next()).join();
        assertThat(commandStats()).doesNotContain("cmdstat_hgetall");

        assertThat(first.users()).containsExactly(UserId.of("ann"), UserId.of("bob"));
        assertThat(second.users()).containsExactly(UserId.of("cat"));
        assertThat(second.next()).isNull();
    }

    /**
     * While older nodes still write the hash alone (a rolling upgrade), the counts part and the next page sorts the
     * room again, so a member who joined through an older node is listed.
     */
    @Test
    void aMemberAnOlderNodeAddedIsListedOnTheNextPage() {
        Instant now = Instant.now();
        index.follow(Presence.unknown(UserId.of("ann")), presence("ann", true, now)).join();
        assertThat(index.page(HALL, 10, null).join().users()).containsExactly(UserId.of("ann"));

        // what the older room script does for a join: the field and the count, nothing else
        REDIS.withCommands(c -> {
            c.hset(keys.room(HALL), "bob", "in:" + (now.toEpochMilli() * 1000 + 5));
            c.hincrby(keys.room(HALL), "#", 1);
        });

        assertThat(index.page(HALL, 10, null).join().users()).containsExactly(UserId.of("ann"), UserId.of("bob"));
    }

    /** A count that claims members the hash does not hold is set right, and the room left to expire. */
    @Test
    void aRoomWhoseCountClaimsMembersItDoesNotHoldIsSetRightAndExpires() {
        REDIS.withCommands(c -> {
            c.hset(keys.room(HALL), "ann", "out:1");
            c.hset(keys.room(HALL), "#", "2");
        });

        assertThat(index.page(HALL, 10, null).join().users()).isEmpty();

        AtomicReference<String> count = new AtomicReference<>();
        AtomicLong ttl = new AtomicLong();
        REDIS.withCommands(c -> {
            count.set(c.hget(keys.room(HALL), "#"));
            ttl.set(c.pttl(keys.room(HALL)));
        });
        assertThat(count.get()).isEqualTo("0");
        assertThat(ttl.get()).isPositive();
    }

    /** Tombstones older than the retention go with later writes; a recent one stays to guard against late writes. */
    @Test
    void writesDropTombstonesOlderThanTheRetention() {
        Instant t0 = Instant.now().minus(Duration.ofMinutes(5));
        Presence annIn = presence("ann", true, t0);
        index.follow(Presence.unknown(UserId.of("ann")), annIn).join();
        index.follow(annIn, presence("ann", false, t0.plusSeconds(1))).join();
        assertThat(field("ann")).startsWith("out:");
        Instant later = t0.plus(TOMBSTONES).plusSeconds(30);
        Presence catIn = presence("cat", true, later.minusSeconds(20));
        index.follow(Presence.unknown(UserId.of("cat")), catIn).join();
        index.follow(catIn, presence("cat", false, later.minusSeconds(10))).join();
        index.follow(Presence.unknown(UserId.of("bob")), presence("bob", true, later)).join();

        assertThat(field("ann")).isNull();
        assertThat(field("cat")).startsWith("out:");
        AtomicLong tombstones = new AtomicLong();
        REDIS.withCommands(c -> tombstones.set(c.zcard(keys.roomTombstones(HALL))));
        assertThat(tombstones.get()).isEqualTo(1);
    }

    /** A room everyone left expires whole: its hash, its sorted members and its tombstones. */
    @Test
    void aRoomEveryoneLeftExpiresWithAllItsKeys() {
        Instant now = Instant.now();
        Presence annIn = presence("ann", true, now);
        index.follow(Presence.unknown(UserId.of("ann")), annIn).join();
        index.follow(annIn, presence("ann", false, now.plusMillis(10))).join();

        List<Long> ttls = new ArrayList<>();
        REDIS.withCommands(c -> {
            ttls.add(c.pttl(keys.room(HALL)));
            ttls.add(c.pttl(keys.roomTombstones(HALL)));
            ttls.add(c.exists(keys.roomSorted(HALL)) == 0 ? 1L : c.pttl(keys.roomSorted(HALL)));
        });
        assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isPositive());
    }

    private String field(String user) {
        AtomicReference<String> value = new AtomicReference<>();
        REDIS.withCommands(c -> value.set(c.hget(keys.room(HALL), user)));
        return value.get();
    }

    private static void resetStats() {
        REDIS.withCommands(c -> c.configResetstat());
    }

    private static long keyLookups() {
        AtomicReference<String> stats = new AtomicReference<>();
        REDIS.withCommands(c -> stats.set(c.info("stats")));
        return stat(stats.get(), "keyspace_hits") + stat(stats.get(), "keyspace_misses");
    }

    private static long stat(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " is not in INFO: " + info);
    }

    private static String commandStats() {
        AtomicReference<String> stats = new AtomicReference<>();
        REDIS.withCommands(c -> stats.set(c.info("commandstats")));
        return stats.get();
    }
}
