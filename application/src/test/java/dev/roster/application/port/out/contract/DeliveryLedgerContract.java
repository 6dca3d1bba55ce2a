package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.domain.DeadLetter;
import dev.roster.application.port.out.DeliveryLedger.Position;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DeliveryLedger} must do; an adapter's test implements {@link #newLedger()}. */
public abstract class DeliveryLedgerContract {
    private static final Duration LEASE = Duration.ofSeconds(15);
    /** A lease short enough to lapse in real time within a test: stores with a clock of their own judge by it. */
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final String A = "node-a/boot-1";
    private static final String B = "node-b/boot-7";
    /** The fewest dead letters a ledger keeps. */
    private static final int KEPT_LETTERS = 1000;

    /** A ledger nobody holds, with no position and no dead letters, not shared with any other test. */
    protected abstract DeliveryLedger newLedger() throws Exception;

    /** Releases what {@link #newLedger()} took; nothing by default. */
    protected void discard(DeliveryLedger ledger) throws Exception {
    }

    private DeliveryLedger ledger;
    private final Instant t0 = Stages.now();

    @BeforeEach
    final void openLedger() throws Exception {
        ledger = newLedger();
    }

    @AfterEach
    final void discardLedger() throws Exception {
        discard(ledger);
    }

    /** Event {@code n} as the log would have kept it, with a null detail and non-ASCII text in it. */
    private LoggedEvent event(int n) {
        Session session = new Session(SessionId.of("s-" + n), UserId.of("user-" + n), NodeId.of("node-a"), "boot-1",
                "web \u2615 \u4e2d", Instant.EPOCH);
        if (n % 2 == 0) {
            return LoggedEvent.disconnected(session, "admin", t0.plusMillis(n)).withId("e-" + n);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", "away");
        details.put("status", "away");
        details.put("text", n % 3 == 0 ? null : "at \"lunch\" \u2615 #" + n);
        details.put("session", "s-" + n);
        return new LoggedEvent("e-" + n, LoggedEvent.USER_STATUS, UserId.of("user-" + n), t0.plusMillis(n), details);
    }

    private DeadLetter letter(int first, int count, String reason) {
        List<LoggedEvent> events = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            events.add(event(n));
        }
        return new DeadLetter(events, reason, 7, t0.plusSeconds(first));
    }

    @Test
    void aNewLedgerHasNoHolderNoPositionAndNoDeadLetters() {
        assertThat(await(ledger.position())).isEqualTo(new Position(null, null));
        assertThat(await(ledger.deadLetters(10))).isEmpty();
        assertThat(await(ledger.deadLetterCount())).isZero();
    }

    @Test
    void theFirstToClaimHoldsTheLeaseAndOthersAreRefused() {
        assertThat(await(ledger.claim(A, LEASE))).isEqualTo(new Position(A, null));
        assertThat(await(ledger.claim(B, LEASE))).as("B while A holds").isNull();
        assertThat(await(ledger.claim(A, LEASE))).as("A renews").isEqualTo(new Position(A, null));
        assertThat(await(ledger.position())).isEqualTo(new Position(A, null));
    }

    @Test
    void theHolderAdvancesAndResetsThePosition() {
        await(ledger.claim(A, LEASE));

        assertThat(await(ledger.advance(A, "e-3"))).isTrue();
        assertThat(await(ledger.position())).isEqualTo(new Position(A, "e-3"));
        assertThat(await(ledger.claim(A, LEASE))).isEqualTo(new Position(A, "e-3"));
        assertThat(await(ledger.advance(A, "e-9"))).isTrue();
        assertThat(await(ledger.position())).isEqualTo(new Position(A, "e-9"));

        assertThat(await(ledger.advance(A, null))).as("reset").isTrue();
        assertThat(await(ledger.position())).isEqualTo(new Position(A, null));
    }

    @Test
    void whoDoesNotHoldTheLeaseMovesNothing() {
        assertThat(await(ledger.advance(A, "e-1"))).as("nobody holds it").isFalse();
        assertThat(await(ledger.park(A, letter(0, 2, "HTTP 500")))).isFalse();
        assertThat(await(ledger.position())).isEqualTo(new Position(null, null));

        await(ledger.claim(A, LEASE));
        await(ledger.advance(A, "e-3"));

        assertThat(await(ledger.advance(B, "e-8"))).isFalse();
        assertThat(await(ledger.advance(B, null))).isFalse();
        assertThat(await(ledger.park(B, letter(4, 2, "HTTP 500")))).isFalse();
        assertThat(await(ledger.position())).isEqualTo(new Position(A, "e-3"));
        assertThat(await(ledger.deadLetterCount())).isZero();
        assertThat(await(ledger.deadLetters(10))).isEmpty();
    }

    @Test
    void aLapsedLeaseIsNobodysUntilAnotherTakesItOverWithThePosition() {
        await(ledger.claim(A, SHORT));
        await(ledger.advance(A, "e-3"));

        Awaitility.await().atMost(Stages.TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> await(ledger.position()).holder() == null);
        assertThat(await(ledger.position())).isEqualTo(new Position(null, "e-3"));

        assertThat(await(ledger.claim(B, LEASE))).isEqualTo(new Position(B, "e-3"));
        assertThat(await(ledger.advance(A, "e-4"))).as("A paused past its lease").isFalse();
        assertThat(await(ledger.park(A, letter(4, 1, "timeout")))).isFalse();
        assertThat(await(ledger.claim(A, LEASE))).isNull();
        assertThat(await(ledger.position())).isEqualTo(new Position(B, "e-3"));
        assertThat(await(ledger.deadLetterCount())).isZero();
    }

    @Test
    void releasingLetsAnotherClaimAtOnce() {
        await(ledger.claim(A, LEASE));
        await(ledger.advance(A, "e-5"));

        await(ledger.release(B));
        assertThat(await(ledger.position())).as("B released what it does not hold").isEqualTo(new Position(A, "e-5"));
        assertThat(await(ledger.claim(B, LEASE))).isNull();

        await(ledger.release(A));
        assertThat(await(ledger.position())).isEqualTo(new Position(null, "e-5"));
        assertThat(await(ledger.claim(B, LEASE))).isEqualTo(new Position(B, "e-5"));
        assertThat(await(ledger.advance(A, "e-6"))).isFalse();
    }

    @Test
    void parkingKeepsTheLetterAndMovesThePositionPastIt() {
        await(ledger.claim(A, LEASE));
        await(ledger.advance(A, "e-0"));
        DeadLetter first = letter(1, 3, "HTTP 503 \u2615");
        DeadLetter second = letter(4, 1, "timeout");

        assertThat(await(ledger.park(A, first))).isTrue();
        assertThat(await(ledger.position())).isEqualTo(new Position(A, "e-3"));
        assertThat(await(ledger.park(A, second))).isTrue();
        assertThat(await(ledger.position())).isEqualTo(new Position(A, "e-4"));

        assertThat(await(ledger.deadLetterCount())).isEqualTo(2);
        assertThat(await(ledger.deadLetters(10))).as("newest first").containsExactly(second, first);
        assertThat(await(ledger.deadLetters(1))).containsExactly(second);
        List<LoggedEvent> events = await(ledger.deadLetters(10)).get(1).events();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).fields()).containsExactlyEntriesOf(first.events().get(i).fields());
        }
    }

    @Test
    void theLedgerKeepsTheNewestDeadLettersAndDropsTheOldestFirst() {
        await(ledger.claim(A, LEASE));
        int parked = KEPT_LETTERS + 5;
        for (int n = 0; n < parked; n++) {
            assertThat(await(ledger.park(A, letter(n, 1, "HTTP 500")))).isTrue();
        }

        long count = await(ledger.deadLetterCount());
        assertThat(count).as("kept").isBetween((long) KEPT_LETTERS, (long) parked - 1);
        List<DeadLetter> newest = await(ledger.deadLetters(KEPT_LETTERS));
        List<DeadLetter> want = new ArrayList<>();
        for (int n = parked - 1; n >= parked - KEPT_LETTERS; n--) {
            want.add(letter(n, 1, "HTTP 500"));
        }
        assertThat(newest).isEqualTo(want);
        assertThat(await(ledger.position())).isEqualTo(new Position(A, "e-" + (parked - 1)));
    }

    @Test
    void ofManyClaimingAtOnceExactlyOneHolds() throws Exception {
        int claimers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Position> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Position>> futures = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                String holder = "node-" + i + "/boot-1";
                futures.add(pool.submit(() -> {
                    start.await();
                    return await(ledger.claim(holder, LEASE));
                }));
            }
            start.countDown();
            for (Future<Position> f : futures) {
                answers.add(f.get(Stages.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<Position> held = answers.stream().filter(Objects::nonNull).toList();
        assertThat(held).hasSize(1);
        assertThat(await(ledger.position()).holder()).isEqualTo(held.get(0).holder());
    }
}
