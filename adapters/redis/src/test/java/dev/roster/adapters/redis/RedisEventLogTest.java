package dev.roster.adapters.redis;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.out.DeliveryLedger.Position;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event log on a standalone Redis of the test's own, beyond the port contracts: what rides on the commit, what
 * two stores (two nodes) on one Redis see of each other's appends and leases, and what is gone after a trim or
 * after Redis restarts without its data.
 */
class RedisEventLogTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private RedisStore store() {
        RedisStore store = RedisStore.open(REDIS.url(), null, RedisSettings.defaults());
        opened.add(store);
        return store;
    }

    private RedisStore emptyStore() {
        REDIS.flush();
        return store();
    }

    private static Session session(String user, String id) {
        return new Session(SessionId.of(id), UserId.of(user), NodeId.of("node-a"), "boot-1", "web", Instant.EPOCH);
    }

    private static Outcome apply(RedisStore store, String user, Transition transition) {
        return await(store.presence().apply(UserId.of(user), transition));
    }

    /** Every line MONITOR shows until the connection closes: commands of clients and of scripts ({@code lua}). */
    private static final class Monitor implements AutoCloseable {
        private final Socket socket;
        private final Queue<String> lines = new ConcurrentLinkedQueue<>();
        private final Thread reader;

        Monitor() throws Exception {
            socket = new Socket("127.0.0.1", REDIS.port());
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("+OK");
            reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (Exception closed) {
                    // the test closed the socket
                }
            }, "monitor");
            reader.setDaemon(true);
            reader.start();
        }

        List<String> commands(String name) {
            return lines.stream().filter(l -> l.contains("\"" + name + "\"") || l.contains("\"" + name.toLowerCase()
                    + "\"")).toList();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            reader.join(2000);
        }
    }

    @Test
    void aCommitAppendsItsEventsInsideItsOwnScriptWithNoCommandOfItsOwn() throws Exception {
        RedisStore store = emptyStore();
        Session s1 = session("ann", "s1");
        try (Monitor monitor = new Monitor()) {
            Outcome opened = apply(store, "ann", p -> p.open(s1, Instant.now()));
            assertThat(opened.events()).hasSizeGreaterThanOrEqualTo(2);

            List<LoggedEvent> read = await(store.events().read(null, 10));
            assertThat(read).extracting(LoggedEvent::type)
                    .containsExactly(LoggedEvent.USER_ONLINE, LoggedEvent.SESSION_OPENED);
            Awaitility.await().atMost(WAIT).until(() -> monitor.commands("XADD").size() >= 2);
            List<String> xadds = monitor.commands("XADD");
            assertThat(xadds).hasSize(opened.events().size())
                    .allSatisfy(line -> assertThat(line).contains("[0 lua]").contains(KEYS.eventLog()));
            assertThat(monitor.lines).as("the commit is one call, whose script appends")
                    .filteredOn(l -> !l.contains("[0 lua]") && l.contains(KEYS.eventLog()))
                    .allSatisfy(l -> assertThat(l).doesNotContain("\"XADD\"").doesNotContain("\"xadd\""));
        }
    }

    /** Two stores (two nodes) counting on one user's text race by compare-and-set: a lost race appends nothing. */
    @Test
    void commitsThatLoseARaceAppendNothingAndEveryCommitIsLoggedOnce() throws Exception {
        RedisStore a = emptyStore();
        RedisStore b = store();
        Session s1 = session("ann", "s1");
        apply(a, "ann", p -> p.open(s1, Instant.now()));
        AtomicInteger runs = new AtomicInteger();
        Transition countOn = p -> {
            runs.incrementAndGet();
            int n = p.statusText().map(Integer::parseInt).orElse(0);
            return p.setStatus(s1.id(), Status.AWAY, Integer.toString(n + 1), Instant.now());
        };
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (RedisStore store : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        assertThat(apply(store, "ann", countOn)).isInstanceOf(Outcome.Changed.class);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Object> texts = await(a.events().read(null, 1000)).stream()
                .filter(e -> e.type().equals(LoggedEvent.USER_STATUS)).map(e -> e.details().get("text")).toList();
        List<Object> counted = new ArrayList<>();
        for (int n = 1; n <= 2 * each; n++) {
            counted.add(Integer.toString(n));
        }
        assertThat(texts).containsExactlyElementsOf(counted);
        assertThat(runs.get()).as("some commits lost their race and ran again").isGreaterThan(2 * each);
    }

    /**
     * A node's open, its time taken inside the grace period, loses its compare-and-set to another node's expiry of
     * the grace, and runs again on the offline user: it is stamped no earlier than the offline it follows, so the
     * log's times agree with what happened (offline, then back), and never go back for the user.
     */
    @Test
    void anOpenThatLostItsRaceToTheGraceExpiryIsStampedAfterTheOffline() {
        RedisStore a = emptyStore();
        RedisStore b = store();
        Instant closed = Instant.parse("2026-12-06T20:00:00Z");
        GracePeriod grace = GracePeriod.ofMillis(3_000);
        Session s1 = session("ann", "s1");
        Session s2 = session("ann", "s2");
        // b opened and closed the user's last session, so b remembers it pending offline
        apply(b, "ann", p -> p.open(s1, closed.minusSeconds(10)));
        apply(b, "ann", p -> p.close(s1.id(), closed, grace));
        // a's sweep expires the grace, 3.2 s after the close
        Outcome expired = apply(a, "ann", p -> p.expire(closed.plusMillis(3_200)));
        assertThat(expired.events()).extracting(PresenceEvent::getClass)
                .containsExactly(PresenceEvent.UserWentOffline.class);
        AtomicInteger runs = new AtomicInteger();

        // b's open took its time 2.5 s after the close, inside the grace, and reaches Redis only now
        Outcome back = apply(b, "ann", p -> {
            runs.incrementAndGet();
            return p.open(s2, closed.plusMillis(2_500));
        });

        assertThat(runs.get()).as("ran on the pending user b remembered, lost, ran again on the offline one")
                .isEqualTo(2);
        assertThat(back.events()).extracting(PresenceEvent::getClass)
                .containsExactly(PresenceEvent.UserCameOnline.class, PresenceEvent.SessionOpened.class);
        List<LoggedEvent> log = await(a.events().read(null, 100));
        assertThat(log).extracting(LoggedEvent::type).containsExactly(LoggedEvent.USER_ONLINE,
                LoggedEvent.SESSION_OPENED, LoggedEvent.SESSION_CLOSED, LoggedEvent.USER_OFFLINE,
                LoggedEvent.USER_ONLINE, LoggedEvent.SESSION_OPENED);
        assertThat(log.subList(2, 6)).extracting(LoggedEvent::at).containsExactly(closed,
                closed.plusMillis(3_200), closed.plusMillis(3_200), closed.plusMillis(3_200));
    }

    @Test
    void aLogTrimmedEmptyAnswersGoneForWhatCameAfterAnIdAndNothingAfterItsNewest() {
        RedisStore store = emptyStore();
        List<LoggedEvent> appended = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            appended.add(await(store.events().append(LoggedEvent.disconnected(session("ann", "s" + n), "admin",
                    Instant.ofEpochMilli(n)))));
        }
        REDIS.withCommands(c -> c.xtrim(KEYS.eventLog(), 0));

        Throwable gone = catchThrowable(() -> await(store.events().read(appended.get(1).id(), 10)));
        assertThat(gone).isInstanceOf(EventsGoneException.class);
        assertThat(((EventsGoneException) gone).oldest()).isNull();
        assertThat(await(store.events().read(appended.get(2).id(), 10))).isEmpty();
        assertThat(await(store.events().read(null, 10))).isEmpty();
    }

    @Test
    void entriesOlderThanTheMaxAgeAreTrimmed() {
        RedisStore store = emptyStore();
        for (int n = 0; n < 250; n++) {
            await(store.events().append(LoggedEvent.disconnected(session("ann", "s" + n), "admin", Instant.now())));
        }
        assertThat(await(store.events().read(null, 1000))).hasSize(250);

        // a minimum id past every entry: approximate trimming drops all whole nodes of the stream, never all
        await(((RedisEventLog) store.events()).trimByAge(Instant.now().plus(Duration.ofHours(1)),
                Duration.ofMinutes(1)));

        assertThat(await(store.events().read(null, 1000)).size()).isLessThan(250);
    }

    @Test
    void aListenerOnOneNodeIsSignalledOfAppendsOnAnother() throws Exception {
        RedisStore a = emptyStore();
        RedisStore b = store();
        AtomicInteger heard = new AtomicInteger();
        try (AutoCloseable handle = a.events().onAppended(heard::incrementAndGet)) {
            Awaitility.await().atMost(WAIT).until(() -> heard.get() >= 1); // once at the start, by design
            int before = heard.get();
            apply(b, "bob", p -> p.open(session("bob", "s1"), Instant.now()));
            Awaitility.await().atMost(WAIT).until(() -> heard.get() > before);
        }
    }

    /**
     * Redis restarts without persistence: the log and its generation are gone with it, every id given out before
     * answers gone, and the sessions that the nodes put back land in the new log under ids of a new generation.
     */
    @Test
    void afterRedisRestartsEmptyOldIdsAreGoneAndTheNewLogGoesOn() throws Exception {
        RedisStore store = emptyStore();
        AtomicInteger restored = new AtomicInteger();
        Session s1 = session("ann", "s1");
        store.onReset(() -> {
            restored.incrementAndGet();
            return store.presence().apply(UserId.of("ann"), p -> p.open(s1, Instant.now()));
        });
        AtomicInteger heard = new AtomicInteger();
        opened.add(store.events().onAppended(heard::incrementAndGet));
        apply(store, "ann", p -> p.open(s1, Instant.now()));
        apply(store, "ann", p -> p.join(s1.id(), RoomId.of("hall"), Instant.now()));
        List<LoggedEvent> before = await(store.events().read(null, 100));
        assertThat(before).hasSize(3);
        String old = before.get(1).id();

        REDIS.restartEmpty();

        Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> restored.get() >= 1
                && !await(store.events().latest(10)).isEmpty());
        List<LoggedEvent> now = await(store.events().read(null, 100));
        assertThat(now).extracting(LoggedEvent::type).contains(LoggedEvent.SESSION_OPENED);
        assertThat(EventIds.parse(now.get(0).id()).generation())
                .isNotEqualTo(EventIds.parse(old).generation());
        Throwable gone = catchThrowable(() -> await(store.events().read(old, 10)));
        assertThat(gone).isInstanceOf(EventsGoneException.class);
        assertThat(((EventsGoneException) gone).oldest()).isEqualTo(now.get(0).id());

        // the tailer follows the new log
        int heardBefore = heard.get();
        await(store.events().append(LoggedEvent.disconnected(s1, "admin", Instant.now())));
        Awaitility.await().atMost(WAIT).until(() -> heard.get() > heardBefore);
    }

    /** As above, with a node as bootstrap wires it: its own restore puts its sessions back, into the new log. */
    @Test
    void theSessionsANodePutsBackAfterRedisRestartsEmptyAreLoggedInTheNewLog() {
        REDIS.flush();
        RedisNode node = RedisNode.start(REDIS, "node-a", Duration.ofSeconds(3), Duration.ofSeconds(15));
        opened.add(node);
        Session ann = node.app().connect().connect(new ConnectCommand(UserId.of("ann"), "test"))
                .toCompletableFuture().join();
        String old = await(node.store().events().latest(1)).get(0).id();

        REDIS.restartEmpty();

        Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> await(node.store().events().read(null, 100))
                .stream().anyMatch(e -> e.type().equals(LoggedEvent.SESSION_OPENED)
                        && ann.id().value().equals(e.details().get("session"))));
        assertThat(catchThrowable(() -> await(node.store().events().read(old, 10))))
                .isInstanceOf(EventsGoneException.class);
    }

    @Test
    void theLedgerFencesANodeThatLostItsLeaseToAnother() {
        RedisStore a = emptyStore();
        RedisStore b = store();
        assertThat(await(a.ledger().claim("a", Duration.ofMillis(300)))).isEqualTo(new Position("a", null));
        assertThat(await(a.ledger().advance("a", "e-1"))).isTrue();
        assertThat(await(b.ledger().claim("b", Duration.ofSeconds(10)))).isNull();

        Awaitility.await().atMost(WAIT).until(() -> await(b.ledger().claim("b", Duration.ofSeconds(10))) != null);

        assertThat(await(b.ledger().position())).isEqualTo(new Position("b", "e-1"));
        assertThat(await(a.ledger().advance("a", "e-2"))).isFalse();
        assertThat(await(a.ledger().claim("a", Duration.ofSeconds(10)))).isNull();
        assertThat(await(b.ledger().advance("b", "e-3"))).isTrue();
        assertThat(await(a.ledger().position())).isEqualTo(new Position("b", "e-3"));
    }
}
