package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.Stages;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the in-memory event log does beyond the port contract. */
class InMemoryEventLogTest {
    private final FixedClock clock = new FixedClock();

    private static LoggedEvent event(int n) {
        Session session = new Session(SessionId.of("s-" + n), UserId.of("ann"), NodeId.of("node-a"), "boot-1", "web",
                FixedClock.T0);
        return LoggedEvent.disconnected(session, "admin", FixedClock.at(n));
    }

    private static List<LoggedEvent> append(InMemoryEventLog log, int count) {
        List<LoggedEvent> appended = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            appended.add(await(log.append(event(n))));
        }
        return appended;
    }

    private static Throwable failure(Runnable read) {
        return catchThrowable(read::run);
    }

    @Test
    void idsAreTheGenerationAndACount() {
        InMemoryEventLog log = new InMemoryEventLog(10, null, clock);
        List<LoggedEvent> appended = append(log, 3);

        String generation = appended.get(0).id().substring(0, appended.get(0).id().indexOf('-'));
        assertThat(generation).matches("[0-9a-z]{8}");
        assertThat(appended).extracting(LoggedEvent::id)
                .containsExactly(generation + "-1", generation + "-2", generation + "-3");
    }

    /** A node restarted with an empty log: what a client kept from before is gone, not a place in the new log. */
    @Test
    void anIdOfAnotherGenerationIsGoneAndNamesTheOldestKept() {
        InMemoryEventLog before = new InMemoryEventLog(10, null, clock);
        String old = append(before, 5).get(4).id();
        InMemoryEventLog restarted = new InMemoryEventLog(10, null, clock);

        Throwable empty = failure(() -> await(restarted.read(old, 10)));
        assertThat(empty).isInstanceOf(EventsGoneException.class);
        assertThat(((EventsGoneException) empty).oldest()).isNull();

        LoggedEvent first = append(restarted, 1).get(0);
        Throwable gone = failure(() -> await(restarted.read(old, 10)));
        assertThat(gone).isInstanceOf(EventsGoneException.class);
        assertThat(((EventsGoneException) gone).oldest()).isEqualTo(first.id());
    }

    @Test
    void anIdOfThisGenerationNeverHandedOutIsRefusedAndSoIsALimitBelowOne() {
        InMemoryEventLog log = new InMemoryEventLog(10, null, clock);
        String newest = append(log, 2).get(1).id();
        String generation = newest.substring(0, newest.indexOf('-'));

        for (String never : List.of(generation + "-3", generation + "-0", generation + "-01",
                generation + "-99999999999999999999", generation + "-")) {
            assertThatThrownBy(() -> await(log.read(never, 10))).as(never)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> await(log.read(null, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(log.latest(0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Stages.failure(log.read("nonsense", 10))).as("a failed stage, not thrown")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLogKeepsExactlyKeepAndReadingAfterTheLastTrimmedHasNoGap() {
        InMemoryEventLog log = new InMemoryEventLog(4, null, clock);
        List<LoggedEvent> appended = append(log, 10);

        assertThat(await(log.read(null, 100))).isEqualTo(appended.subList(6, 10));
        assertThat(await(log.read(appended.get(5).id(), 100))).isEqualTo(appended.subList(6, 10));
        Throwable gone = failure(() -> await(log.read(appended.get(4).id(), 100)));
        assertThat(gone).isInstanceOf(EventsGoneException.class);
        assertThat(((EventsGoneException) gone).oldest()).isEqualTo(appended.get(6).id());
    }

    @Test
    void eventsOlderThanTheMaximumAgeAreDroppedWhenOneIsAppended() {
        InMemoryEventLog log = new InMemoryEventLog(100, Duration.ofMinutes(10), clock);
        List<LoggedEvent> early = append(log, 3);
        clock.advance(Duration.ofMinutes(6));
        LoggedEvent later = await(log.append(event(3)));
        clock.advance(Duration.ofMinutes(5));
        assertThat(await(log.read(null, 10))).as("nothing is dropped until an append").hasSize(4);

        LoggedEvent last = await(log.append(event(4)));

        assertThat(await(log.read(null, 10))).containsExactly(later, last);
        assertThat(await(log.read(early.get(2).id(), 10))).containsExactly(later, last);
        assertThat(failure(() -> await(log.read(early.get(1).id(), 10)))).isInstanceOf(EventsGoneException.class);
    }

    @Test
    void aLogThatGrowsPastItsFirstCapacityKeepsEveryEventInOrder() {
        InMemoryEventLog log = new InMemoryEventLog(1000, null, clock);
        List<LoggedEvent> appended = append(log, 1500);

        assertThat(await(log.read(null, 1000))).isEqualTo(appended.subList(500, 1500));
        assertThat(await(log.latest(3))).isEqualTo(appended.subList(1497, 1500));
    }

    @Test
    void aFailingListenerKeepsNoOtherFromItsSignalsAndSignalsComeOnOneThread() {
        InMemoryEventLog log = new InMemoryEventLog(10, null, clock);
        AtomicInteger heard = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        log.onAppended(() -> {
            throw new IllegalStateException("a listener failing on purpose");
        });
        log.onAppended(() -> {
            threads.add(Thread.currentThread());
            heard.incrementAndGet();
        });

        append(log, 1);
        Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() == 1);
        append(log, 1);
        Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() == 2);

        assertThat(threads).singleElement().satisfies(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).isEqualTo("roster-event-log");
        });
    }

    /** While a listener is still reading, appends make one more signal, not one each, and none is lost. */
    @Test
    void signalsCoalesceWhileAListenerRuns() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog(100, null, clock);
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicInteger heard = new AtomicInteger();
        log.onAppended(() -> {
            if (heard.incrementAndGet() == 1) {
                inFirst.countDown();
                try {
                    letGo.await(Stages.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        append(log, 1);
        assertThat(inFirst.await(Stages.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        append(log, 20);
        letGo.countDown();

        Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() == 2);
        append(log, 1);
        Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() == 3);
    }

    @Test
    void aSignalAddedTwiceIsTwoListenersEachWithItsOwnHandle() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog(10, null, clock);
        AtomicInteger heard = new AtomicInteger();
        Runnable signal = heard::incrementAndGet;
        AutoCloseable first = log.onAppended(signal);
        log.onAppended(signal);
        first.close();

        append(log, 1);
        Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() >= 1);
        append(log, 1);
        Awaitility.await().atMost(Stages.TIMEOUT).until(() -> heard.get() >= 2);
        assertThat(heard.get()).isEqualTo(2);
    }

    @Test
    void aLogKeepingNothingIsRefused() {
        assertThatThrownBy(() -> new InMemoryEventLog(0, null, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryEventLog(1, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
