package dev.roster.adapters.redis;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.GracePeriod;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a Redis Cluster a commit appends its events to its bucket's outbox, and a relay moves them into the log: what a
 * node left in an outbox when it died between its commit and its relay is relayed by another node's sweep, in
 * order and once, and a relay that runs twice (a crash between the relay script and the trim of the outbox)
 * appends nothing the second time.
 */
class RedisClusterEventRelayTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());
    private static final UserId ANN = UserId.of("ann");

    private RedisStore a;
    private RedisStore b;

    @BeforeEach
    void openTwoNodes() {
        REDIS.flush();
        a = RedisStore.open(null, REDIS.clusterSeeds(), RedisSettings.defaults());
        b = RedisStore.open(null, REDIS.clusterSeeds(), RedisSettings.defaults());
        // neither relays by itself: a dies right after its commits, and b sweeps only when the test says so
        a.relay().relaying(false);
        b.relay().relaying(false);
    }

    @AfterEach
    void closeNodes() {
        a.close();
        b.close();
    }

    /** The log keeps times to the millisecond, as integrations see them. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Session session() {
        return new Session(SessionId.of("s1"), ANN, NodeId.of("node-a"), "boot-1", "web", Instant.EPOCH);
    }

    /** The day of ann on node a: its events, in commit order. */
    private static List<LoggedEvent> committedOn(RedisStore store) {
        Session s1 = session();
        List<Transition> steps = List.of(
                p -> p.open(s1, now()),
                p -> p.join(s1.id(), RoomId.of("hall"), now()),
                p -> p.setStatus(s1.id(), Status.AWAY, "lunch", now()),
                p -> p.leave(s1.id(), RoomId.of("hall"), now()));
        List<LoggedEvent> events = new ArrayList<>();
        for (Transition step : steps) {
            Outcome outcome = await(store.presence().apply(ANN, step));
            outcome.events().forEach(e -> events.add(LoggedEvent.of(e)));
        }
        return events;
    }

    private static List<LoggedEvent> withoutIds(List<LoggedEvent> events) {
        return events.stream().map(e -> new LoggedEvent(null, e.type(), e.user(), e.at(), e.details())).toList();
    }

    private static long outboxLength() {
        AtomicLong length = new AtomicLong();
        REDIS.withCommands(c -> length.set(c.xlen(KEYS.outbox(KEYS.bucket(ANN)))));
        return length.get();
    }

    @Test
    void whatANodeLeftInItsOutboxIsRelayedByAnotherNodesSweepInOrderAndOnce() {
        List<LoggedEvent> committed = committedOn(a);
        assertThat(outboxLength()).isEqualTo(committed.size());
        assertThat(await(b.events().read(null, 100))).as("nothing relayed yet").isEmpty();

        await(b.relay().sweep());

        List<LoggedEvent> logged = await(b.events().read(null, 100));
        assertThat(withoutIds(logged)).isEqualTo(committed);
        assertThat(outboxLength()).as("trimmed up to what was relayed").isZero();

        // a comes back to its relay, and b sweeps again: nothing is appended twice
        await(a.relay().relay(KEYS.bucket(ANN)));
        await(b.relay().sweep());
        assertThat(await(a.events().read(null, 100))).isEqualTo(logged);
    }

    @Test
    void aRelayScriptRunTwiceOnTheSameEntriesAppendsThemOnce() {
        List<LoggedEvent> committed = committedOn(a);
        int bucket = KEYS.bucket(ANN);
        AtomicReference<List<StreamMessage<String, String>>> outbox = new AtomicReference<>();
        AtomicReference<String> epoch = new AtomicReference<>();
        REDIS.withCommands(c -> {
            outbox.set(c.xrange(KEYS.outbox(bucket), Range.create("-", "+")));
            // the reset watcher reads one bucket's marker per shard, so this one may not exist yet: create it as
            // outbox-read.lua would
            c.setnx(KEYS.epoch(bucket), "epoch-of-this-test");
            epoch.set(c.get(KEYS.epoch(bucket)));
        });
        List<String> args = new ArrayList<>(List.of(Integer.toString(bucket), "100000", "gen1", epoch.get()));
        for (StreamMessage<String, String> entry : outbox.get()) {
            args.add(entry.getId());
            args.add(entry.getBody().get("e"));
        }
        String[] keys = {KEYS.eventLog(), KEYS.eventGeneration(), KEYS.relayed()};
        LuaScript relay = LuaScript.load("relay", ScriptOutputType.MULTI);
        RedisClusterClient client = RedisClusterClient.create(Arrays.stream(REDIS.clusterSeeds().split(","))
                .map(s -> RedisURI.create("redis://" + s)).toList());
        List<Object> first;
        List<Object> second;
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            first = relay.<List<Object>>run(connection.async(), keys, args.toArray(String[]::new)).join();
            // as when the relaying node crashed before it trimmed the outbox, and the relay runs again
            second = relay.<List<Object>>run(connection.async(), keys, args.toArray(String[]::new)).join();
        } finally {
            client.shutdown();
        }

        assertThat(first.subList(1, first.size())).doesNotContain("").hasSize(committed.size());
        assertThat(second.subList(1, second.size())).containsOnly("").hasSize(committed.size());
        assertThat(withoutIds(await(b.events().read(null, 100)))).isEqualTo(committed);

        // the sweep finds the entries still in the outbox, appends none of them again, and trims them
        await(b.relay().sweep());
        assertThat(withoutIds(await(b.events().read(null, 100)))).isEqualTo(committed);
        assertThat(outboxLength()).isZero();
    }

    /**
     * The shard of ann's bucket loses its data and comes back with a clock behind the ids its outbox gave before:
     * the relay's mark of the lost outbox is not held against the new one, whose entries are all relayed.
     */
    @Test
    void anOutboxLostWithItsShardIsRelayedEvenWhenItsNewIdsAreBehindTheMarkOfTheLostOne() {
        List<LoggedEvent> committed = new ArrayList<>(committedOn(a));
        await(b.relay().sweep());
        int bucket = KEYS.bucket(ANN);
        REDIS.withCommands(c -> {
            String mark = c.hget(KEYS.relayed(), Integer.toString(bucket));
            assertThat(mark).startsWith(c.get(KEYS.epoch(bucket)) + " ");
            // the mark as if the lost outbox had given ids far ahead of the clock the shard comes back with
            String ahead = mark.substring(0, mark.indexOf(' ')) + " 99999999999999-0";
            c.hset(KEYS.relayed(), Integer.toString(bucket), ahead);
            c.del(KEYS.outbox(bucket), KEYS.epoch(bucket));
        });
        Session s1 = session();
        Outcome closed = await(a.presence().apply(ANN, p -> p.close(s1.id(), now(), GracePeriod.ofMillis(3000))));
        closed.events().forEach(e -> committed.add(LoggedEvent.of(e)));

        await(b.relay().sweep());

        assertThat(withoutIds(await(b.events().read(null, 100)))).isEqualTo(committed);
        assertThat(outboxLength()).isZero();
    }

    @Test
    void eventsCommittedAfterARelayAreRelayedAfterWhatCameBefore() {
        List<LoggedEvent> committed = new ArrayList<>(committedOn(a));
        await(b.relay().sweep());
        Session s1 = session();
        Outcome closed = await(a.presence().apply(ANN, p -> p.close(s1.id(), now(),
                GracePeriod.ofMillis(3000))));
        closed.events().forEach(e -> committed.add(LoggedEvent.of(e)));

        await(b.relay().sweep());

        assertThat(withoutIds(await(b.events().read(null, 100)))).isEqualTo(committed);
    }
}
