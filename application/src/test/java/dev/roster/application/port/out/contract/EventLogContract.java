package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.EventLog;
import dev.roster.domain.EventsGoneException;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.DomainException;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} must do together with the {@link SessionRegistry} that appends the events of its
 * transitions to it; an adapter's test implements {@link #newSubject(int)} (and {@link #discard} if it must).
 *
 * <p>An id that is not the log's may fail either way, thrown or as a failed stage: {@link Stages#await} sees both
 * alike.
 */
public abstract class EventLogContract {
    /** As many as a log keeps when a test does not mean to trim it. */
    protected static final int KEEP_ALL = 100_000;
    private static final GracePeriod GRACE = GracePeriod.ofMillis(3000);
    private static final NodeId NODE = NodeId.of("node-a");
    private static final String DEVICE = "web \u2615 \u4e2d";

    /**
     * A registry and its log, empty and not shared with any other test; the log keeps about {@code keep} events,
     * never fewer.
     */
    protected record Subject(SessionRegistry registry, EventLog log) {
        /** Public, so that an adapter's test in another package can make one. */
        public Subject {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(log, "log");
        }
    }

    protected abstract Subject newSubject(int keep) throws Exception;

    /** Releases what {@link #newSubject(int)} took; nothing by default. */
    protected void discard(Subject subject) throws Exception {
    }

    private final List<Subject> made = new ArrayList<>();
    private final Instant t0 = Stages.now();

    private Subject subject(int keep) throws Exception {
        Subject subject = newSubject(keep);
        made.add(subject);
        return subject;
    }

    @AfterEach
    final void discardSubjects() throws Exception {
        for (Subject subject : made) {
            discard(subject);
        }
    }

    private Instant at(long millis) {
        return t0.plusMillis(millis);
    }

    private static Session session(String user, String id) {
        return new Session(SessionId.of(id), UserId.of(user), NODE, "boot-1", DEVICE, Instant.EPOCH);
    }

    private static Outcome apply(Subject s, String user, Transition transition) {
        return await(s.registry().apply(UserId.of(user), transition));
    }

    /** Every event the log keeps, oldest first, read in pages of {@code page}. */
    private static List<LoggedEvent> readAll(EventLog log, int page) {
        List<LoggedEvent> all = new ArrayList<>();
        String after = null;
        for (int i = 0; i < 1_000_000; i++) {
            List<LoggedEvent> read = await(log.read(after, page));
            assertThat(read.size()).as("a read of limit " + page).isLessThanOrEqualTo(page);
            if (read.isEmpty()) {
                return all;
            }
            all.addAll(read);
            after = read.get(read.size() - 1).id();
        }
        throw new AssertionError("the log did not end");
    }

    private static List<LoggedEvent> readAll(EventLog log) {
        return readAll(log, 1000);
    }

    private static List<String> ids(List<LoggedEvent> events) {
        return events.stream().map(LoggedEvent::id).toList();
    }

    private static List<LoggedEvent> expected(List<Outcome> outcomes) {
        return outcomes.stream().flatMap(o -> o.events().stream()).map(LoggedEvent::of).toList();
    }

    /** Asserts that {@code read} are {@code expected} (which have no ids yet) under fresh, unique ids. */
    private static void assertLogged(List<LoggedEvent> read, List<LoggedEvent> expected) {
        assertThat(read).hasSameSizeAs(expected);
        assertThat(ids(read)).doesNotContainNull().doesNotHaveDuplicates();
        for (int i = 0; i < read.size(); i++) {
            LoggedEvent got = read.get(i);
            LoggedEvent want = expected.get(i).withId(got.id());
            assertThat(got).as("event %d", i).isEqualTo(want);
            assertThat(got.fields()).as("fields of event %d", i).containsExactlyEntriesOf(want.fields());
            assertThat(LoggedEvent.fromFields(got.fields())).isEqualTo(got);
        }
    }

    /** A day of one user in every kind of event, with null details (a text cleared, a room left through grace). */
    private List<Outcome> aDayOf(Subject s, String user) {
        Session s1 = session(user, user + "-s1");
        Instant closedAt = at(8);
        List<Transition> steps = List.of(
                p -> p.open(s1, at(0)),
                p -> p.join(s1.id(), RoomId.of("r1"), at(1)),
                p -> p.setStatus(s1.id(), Status.AWAY, "at \"lunch\" \u2615 \u4e2d", at(2)),
                p -> p.setStatus(s1.id(), Status.BUSY, null, at(3)),
                p -> p.leave(s1.id(), RoomId.of("r1"), at(4)),
                p -> p.join(s1.id(), RoomId.of("r2"), at(5)),
                p -> p.close(s1.id(), closedAt, GRACE),
                p -> p.expire(GRACE.deadlineFrom(closedAt)));
        List<Outcome> outcomes = new ArrayList<>();
        for (Transition step : steps) {
            Outcome outcome = apply(s, user, step);
            assertThat(outcome).isInstanceOf(Outcome.Changed.class);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    @Test
    void anEmptyLogReadsEmpty() throws Exception {
        EventLog log = subject(KEEP_ALL).log();

        assertThat(await(log.read(null, 10))).isEmpty();
        assertThat(await(log.latest(10))).isEmpty();
    }

    @Test
    void aChangedTransitionAppendsItsEventsInOrderUnderFreshIds() throws Exception {
        Subject s = subject(KEEP_ALL);

        List<Outcome> outcomes = aDayOf(s, "ann");

        List<LoggedEvent> want = expected(outcomes);
        assertThat(want).extracting(LoggedEvent::type).contains(LoggedEvent.USER_ONLINE, LoggedEvent.SESSION_OPENED,
                LoggedEvent.ROOM_JOINED, LoggedEvent.USER_STATUS, LoggedEvent.ROOM_LEFT, LoggedEvent.SESSION_CLOSED,
                LoggedEvent.USER_OFFLINE);
        assertThat(want).anySatisfy(e -> assertThat(e.details()).containsEntry("text", null));
        assertThat(want).anySatisfy(e -> assertThat(e.details()).containsEntry("session", null));
        assertThat(want).anySatisfy(e -> assertThat(e.details()).containsEntry("device", DEVICE));
        assertLogged(readAll(s.log()), want);
    }

    @Test
    void theEventsOfSeveralUsersComeInCommitOrder() throws Exception {
        Subject s = subject(KEEP_ALL);
        List<Outcome> outcomes = new ArrayList<>();
        Session ann = session("ann", "s1");
        Session bob = session("bob", "s2");

        outcomes.add(apply(s, "ann", p -> p.open(ann, at(0))));
        outcomes.add(apply(s, "bob", p -> p.open(bob, at(1))));
        outcomes.add(apply(s, "ann", p -> p.join(ann.id(), RoomId.of("r1"), at(2))));
        outcomes.add(apply(s, "bob", p -> p.join(bob.id(), RoomId.of("r1"), at(3))));
        outcomes.add(apply(s, "ann", p -> p.close(ann.id(), at(4), GRACE)));

        assertLogged(readAll(s.log()), expected(outcomes));
    }

    @Test
    void unchangedRejectedAndFailedTransitionsAppendNothing() throws Exception {
        Subject s = subject(KEEP_ALL);
        Session s1 = session("ann", "s1");
        apply(s, "ann", p -> p.open(s1, at(0)));
        List<LoggedEvent> before = readAll(s.log());
        Session bobs = session("bob", "s2");

        assertThat(apply(s, "ann", p -> p.open(s1, at(1)))).isInstanceOf(Outcome.Unchanged.class);
        assertThat(apply(s, "ann", p -> p.leave(s1.id(), RoomId.of("never"), at(1))))
                .isInstanceOf(Outcome.Rejected.class);
        apply(s, "ghost", p -> new Outcome.Rejected(p, Rejection.NO_SESSION));
        apply(s, "ghost", Outcome.Unchanged::new);
        assertThatThrownBy(() -> apply(s, "ann", p -> p.open(bobs, at(1)))).isInstanceOf(DomainException.class);

        assertThat(readAll(s.log())).isEqualTo(before);
    }

    /**
     * Transitions racing on one user may run more than once before one commits (a store applying them with
     * compare-and-set retries); only committed changes are logged, each once, in commit order: every transition
     * counts one on from the text it read, so the counters logged must be exactly 1, 2, 3, and so on.
     */
    @Test
    void racingTransitionsOfOneUserAreLoggedOnceEachInCommitOrder() throws Exception {
        Subject s = subject(KEEP_ALL);
        Session s1 = session("ann", "s1");
        apply(s, "ann", p -> p.open(s1, at(0)));
        int threads = 8;
        int each = 50;
        AtomicInteger runs = new AtomicInteger();
        Transition countOn = p -> {
            runs.incrementAndGet();
            int n = p.statusText().map(Integer::parseInt).orElse(0);
            return p.setStatus(s1.id(), Status.AWAY, Integer.toString(n + 1), at(1 + n));
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        assertThat(await(s.registry().apply(UserId.of("ann"), countOn)))
                                .isInstanceOf(Outcome.Changed.class);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(Stages.TIMEOUT.toMillis() * 6, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<LoggedEvent> statuses = readAll(s.log()).stream()
                .filter(e -> e.type().equals(LoggedEvent.USER_STATUS)).toList();
        List<Object> texts = statuses.stream().map(e -> e.details().get("text")).toList();
        List<Object> counted = new ArrayList<>();
        for (int n = 1; n <= threads * each; n++) {
            counted.add(Integer.toString(n));
        }
        assertThat(texts).containsExactlyElementsOf(counted);
        assertThat(ids(statuses)).doesNotHaveDuplicates();
        assertThat(runs.get()).isGreaterThanOrEqualTo(threads * each);
    }

    @Test
    void anAppendedEventGetsAnIdAndComesAfterTheEventsBeforeIt() throws Exception {
        Subject s = subject(KEEP_ALL);
        Session s1 = session("ann", "s1");
        List<Outcome> opened = List.of(apply(s, "ann", p -> p.open(s1, at(0))));
        LoggedEvent disconnected = LoggedEvent.disconnected(s1, "admin \u2615", at(1));

        LoggedEvent appended = await(s.log().append(disconnected));

        assertThat(appended.id()).isNotNull();
        assertThat(appended).isEqualTo(disconnected.withId(appended.id()));
        List<LoggedEvent> want = new ArrayList<>(expected(opened));
        want.add(disconnected);
        List<LoggedEvent> read = readAll(s.log());
        assertLogged(read, want);
        assertThat(read.get(read.size() - 1)).isEqualTo(appended);

        Outcome closed = apply(s, "ann", p -> p.close(s1.id(), at(2), GRACE));
        List<LoggedEvent> after = await(s.log().read(appended.id(), 10));
        assertLogged(after, expected(List.of(closed)));
    }

    @Test
    void readingPagesOnWithNoGapAndNoRepeat() throws Exception {
        EventLog log = subject(KEEP_ALL).log();
        List<LoggedEvent> appended = appendMany(log, 25);

        assertThat(readAll(log, 7)).isEqualTo(appended);
        assertThat(readAll(log, 1)).isEqualTo(appended);
        assertThat(await(log.read(null, 3))).isEqualTo(appended.subList(0, 3));
        assertThat(await(log.read(appended.get(9).id(), 4))).isEqualTo(appended.subList(10, 14));
        assertThat(await(log.read(appended.get(22).id(), 10))).isEqualTo(appended.subList(23, 25));
        assertThat(await(log.read(appended.get(24).id(), 10))).as("after the newest").isEmpty();

        LoggedEvent more = await(log.append(event("late", 99)));
        assertThat(await(log.read(appended.get(24).id(), 10))).containsExactly(more);
    }

    @Test
    void latestGivesTheNewestOldestFirst() throws Exception {
        EventLog log = subject(KEEP_ALL).log();
        List<LoggedEvent> appended = appendMany(log, 12);

        assertThat(await(log.latest(5))).isEqualTo(appended.subList(7, 12));
        assertThat(await(log.latest(1))).isEqualTo(appended.subList(11, 12));
        assertThat(await(log.latest(100))).isEqualTo(appended);
    }

    @Test
    void idsAreUniqueAndTheLogKeepsTheOrderOfAppends() throws Exception {
        EventLog log = subject(KEEP_ALL).log();
        List<LoggedEvent> appended = appendMany(log, 300);

        Set<String> unique = new HashSet<>(ids(appended));
        assertThat(unique).hasSize(300).doesNotContainNull();
        assertThat(readAll(log)).isEqualTo(appended);
    }

    /**
     * A log keeping about ten events trims the older ones; reading after one trimmed fails, naming the oldest kept
     * as the place to start again, never hands back what follows with a gap.
     */
    @Test
    void readingAfterATrimmedIdIsGoneAndNamesTheOldestKept() throws Exception {
        EventLog log = subject(10).log();
        List<LoggedEvent> appended = appendMany(log, 1000);

        List<LoggedEvent> kept = readAll(log);
        assertThat(kept.size()).as("kept").isGreaterThanOrEqualTo(10);
        int first = appended.indexOf(kept.get(0));
        assertThat(first).as("the oldest kept was trimmed up to").isGreaterThanOrEqualTo(2);
        assertThat(kept).as("a suffix of what was appended").isEqualTo(appended.subList(first, appended.size()));

        Throwable gone = catchThrowable(() -> await(log.read(appended.get(0).id(), 10)));
        assertThat(gone).isInstanceOf(EventsGoneException.class);
        assertThat(((EventsGoneException) gone).oldest()).isEqualTo(kept.get(0).id())
                .isEqualTo(await(log.read(null, 1)).get(0).id());
        assertThat(await(log.latest(10))).isEqualTo(appended.subList(990, 1000));

        // after the last one trimmed nothing is missing: a log may hand on from the oldest kept, or say gone
        Throwable justBefore = catchThrowable(() -> assertThat(await(log.read(appended.get(first - 1).id(), 3)))
                .isEqualTo(appended.subList(first, first + 3)));
        if (justBefore != null) {
            assertThat(justBefore).isInstanceOf(EventsGoneException.class);
            assertThat(((EventsGoneException) justBefore).oldest()).isEqualTo(kept.get(0).id());
        }
    }

    @Test
    void anIdThatIsNotTheLogsIsRefused() throws Exception {
        EventLog log = subject(KEEP_ALL).log();
        appendMany(log, 3);

        for (String forged : List.of("nonsense", "", "x".repeat(2000), "\u2615-\u4e2d")) {
            assertThatThrownBy(() -> await(log.read(forged, 10))).as("after %s", forged)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aListenerIsSignalledAfterAppendsOnTheLogsOwnThreadUntilItsHandleIsClosed() throws Exception {
        Subject s = subject(KEEP_ALL);
        AtomicInteger heard = new AtomicInteger();
        AtomicInteger witness = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AutoCloseable handle = s.log().onAppended(() -> {
            threads.add(Thread.currentThread());
            heard.incrementAndGet();
        });
        AutoCloseable witnessHandle = s.log().onAppended(witness::incrementAndGet);
        try {
            await(s.log().append(event("ann", 0)));
            Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() >= 1 && witness.get() >= 1);
            assertThat(threads).doesNotContain(Thread.currentThread());

            int heardBefore = heard.get();
            Session s1 = session("bob", "s1");
            apply(s, "bob", p -> p.open(s1, at(1)));
            Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() > heardBefore);

            handle.close();
            int heardAtClose = heard.get();
            for (int round = 0; round < 2; round++) {
                int seen = witness.get();
                await(s.log().append(event("ann", 2 + round)));
                Awaitility.await().atMost(Stages.TIMEOUT).until(() -> witness.get() > seen);
            }
            assertThat(heard.get()).as("signals after the handle was closed").isEqualTo(heardAtClose);
        } finally {
            witnessHandle.close();
        }
    }

    private LoggedEvent event(String user, int n) {
        Session session = session(user, user + "-s" + n);
        return LoggedEvent.disconnected(session, "admin", at(n));
    }

    private List<LoggedEvent> appendMany(EventLog log, int count) {
        List<LoggedEvent> appended = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            appended.add(await(log.append(event("user-" + (n % 7), n))));
        }
        return appended;
    }
}
