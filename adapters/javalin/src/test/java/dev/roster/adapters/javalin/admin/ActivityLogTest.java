package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.Activity;
import dev.roster.domain.PresenceState;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ActivityLogTest {
    private static final String BOOT = "1700000000000-ab12";

    private static Activity line(int n) {
        return new Activity.CameOnline(UserId.of("u" + n), PresenceState.ONLINE, Instant.ofEpochMilli(n));
    }

    private static ActivityLog logWith(int capacity, int entries) {
        ActivityLog log = new ActivityLog(BOOT, capacity);
        for (int i = 1; i <= entries; i++) {
            log.add(line(i));
        }
        return log;
    }

    private static List<Long> seqs(List<ActivityLog.Entry> entries) {
        return entries.stream().map(ActivityLog.Entry::seq).toList();
    }

    @Test
    void entriesAreNumberedFromOneInTheOrderAddedAndCarryTheBootInTheirId() {
        ActivityLog log = logWith(10, 3);
        List<ActivityLog.Entry> got = new ArrayList<>();
        log.subscribe(OptionalLong.empty(), 10, got::add);
        assertThat(seqs(got)).containsExactly(1L, 2L, 3L);
        assertThat(got.get(2).activity()).isEqualTo(line(3));
        assertThat(log.idOf(got.get(0))).isEqualTo(BOOT + ".1");
    }

    @Test
    void keepsOnlyTheNewestEntriesUpToItsCapacity() {
        ActivityLog log = logWith(3, 5);
        List<ActivityLog.Entry> got = new ArrayList<>();
        log.subscribe(OptionalLong.empty(), 100, got::add);
        assertThat(seqs(got)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aNewSubscriberGetsTheLastBacklogEntriesThenEveryNewOne() {
        ActivityLog log = logWith(100, 10);
        List<ActivityLog.Entry> got = new ArrayList<>();
        log.subscribe(OptionalLong.empty(), 4, got::add);
        log.add(line(11));
        assertThat(seqs(got)).containsExactly(7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void aResumingSubscriberGetsExactlyTheEntriesAfterItsIdHoweverManyThenEveryNewOne() {
        ActivityLog log = logWith(100, 10);
        List<ActivityLog.Entry> got = new ArrayList<>();
        log.subscribe(log.parse(BOOT + ".3"), 2, got::add);
        log.add(line(11));
        assertThat(seqs(got)).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void aSubscriberUpToDateGetsNoBacklog() {
        ActivityLog log = logWith(100, 5);
        List<ActivityLog.Entry> got = new ArrayList<>();
        log.subscribe(log.parse(BOOT + ".5"), 50, got::add);
        assertThat(got).isEmpty();
        log.add(line(6));
        assertThat(seqs(got)).containsExactly(6L);
    }

    @Test
    void anUnsubscribedListenerHearsNothingMore() {
        ActivityLog log = logWith(100, 1);
        List<ActivityLog.Entry> got = new ArrayList<>();
        Consumer<ActivityLog.Entry> listener = got::add;
        log.subscribe(OptionalLong.empty(), 10, listener);
        log.add(line(2));
        log.unsubscribe(listener);
        log.add(line(3));
        assertThat(seqs(got)).containsExactly(1L, 2L);
    }

    @Test
    void idsOfAnotherBootOrNodeOrMalformedOnesAreNotResumed() {
        ActivityLog log = logWith(100, 5);
        for (String id : new String[] {null, "", "3", BOOT, BOOT + ".", BOOT + ".x", BOOT + ".3.1", "other.3",
                BOOT + "0.3", "1700000000000-ab1.3", BOOT + ".99999999999999999999"}) {
            assertThat(log.parse(id)).as("id %s", id).isEmpty();
        }
        assertThat(log.parse(BOOT + ".3")).hasValue(3);
    }

    @Test
    void anIdAheadOfTheLogIsNotResumed() {
        ActivityLog log = logWith(100, 5);
        assertThat(log.parse(BOOT + ".6")).isEmpty();
        assertThat(log.parse(BOOT + ".5")).hasValue(5);
    }

    @Test
    void anIdWhoseNextEntryWasDroppedIsNotResumedButTheOneJustBeforeTheOldestKeptIs() {
        ActivityLog log = logWith(3, 5); // keeps 3, 4, 5
        assertThat(log.parse(BOOT + ".1")).isEmpty();
        assertThat(log.parse(BOOT + ".2")).hasValue(2);
    }

    @Test
    void subscribersJoiningWhileEntriesArriveGetEveryEntryOnceAndInOrder() throws Exception {
        int writers = 2;
        int perWriter = 5_000;
        int subscribers = 40;
        ActivityLog log = new ActivityLog(BOOT, writers * perWriter + 10);
        List<List<Long>> heard = new CopyOnWriteArrayList<>();
        List<Long> resumedAfter = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perWriter; i++) {
                        log.add(line(i));
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                go.await();
                for (int s = 0; s < subscribers; s++) {
                    List<Long> mine = new ArrayList<>();
                    heard.add(mine);
                    // half resume after the newest entry they know of, half start from an empty id with no backlog
                    OptionalLong after = s % 2 == 0 ? log.parse(BOOT + "." + newest(log)) : OptionalLong.empty();
                    resumedAfter.add(after.orElse(-1));
                    log.subscribe(after, 0, entry -> mine.add(entry.seq()));
                    Thread.yield();
                }
                return null;
            }));
            go.countDown();
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long last = (long) writers * perWriter;
        for (int s = 0; s < subscribers; s++) {
            List<Long> mine = heard.get(s);
            if (mine.isEmpty()) {
                continue; // subscribed after the last entry
            }
            long first = mine.get(0);
            if (resumedAfter.get(s) >= 0) {
                assertThat(first).as("subscriber %d resumed after %d", s, resumedAfter.get(s))
                        .isEqualTo(resumedAfter.get(s) + 1);
            }
            assertThat(mine).as("subscriber %d", s)
                    .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
        }
    }

    private static long newest(ActivityLog log) {
        long[] newest = {0};
        Consumer<ActivityLog.Entry> probe = e -> newest[0] = e.seq();
        log.subscribe(OptionalLong.empty(), 1, probe);
        log.unsubscribe(probe);
        return newest[0];
    }
}
