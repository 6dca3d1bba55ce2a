package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.ManualScheduler;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Presence;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GraceTimersTest {
    private final FixedClock clock = new FixedClock();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final GraceTimers timers = new GraceTimers(scheduler, clock);
    private final List<UserId> fired = new ArrayList<>();

    @BeforeEach
    void listen() {
        timers.onDeadline(fired::add);
    }

    private static Presence pendingUntil(String user, Instant deadline) {
        return new PendingOffline(user(user), Status.ONLINE, null, at(0), at(0), deadline, Map.of(), 1);
    }

    @Test
    void a_deadline_gets_a_timer_that_fires_for_the_user_once() {
        clock.advanceMillis(1_000);

        timers.track(pendingUntil("ann", at(3_000)));

        assertThat(scheduler.pending()).singleElement()
                .satisfies(t -> assertThat(t.delay()).isEqualTo(Duration.ofMillis(2_000)));
        scheduler.runPending();
        assertThat(fired).containsExactly(user("ann"));
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void a_new_deadline_replaces_the_old_timer() {
        timers.track(pendingUntil("ann", at(3_000)));
        ManualScheduler.Task first = scheduler.pending().get(0);

        timers.track(pendingUntil("ann", at(5_000)));

        assertThat(first.cancelled()).isTrue();
        assertThat(scheduler.pending()).singleElement()
                .satisfies(t -> assertThat(t.delay()).isEqualTo(Duration.ofMillis(5_000)));
    }

    @Test
    void a_presence_with_nothing_to_expire_cancels_the_timer() {
        timers.track(pendingUntil("ann", at(3_000)));

        timers.track(Presence.unknown(user("ann")));

        assertThat(scheduler.pending()).isEmpty();
        assertThat(scheduler.runPending()).isZero();
        assertThat(fired).isEmpty();
    }

    @Test
    void a_deadline_already_past_fires_without_delay() {
        clock.advanceMillis(10_000);

        timers.track(pendingUntil("ann", at(3_000)));

        assertThat(scheduler.pending()).singleElement().satisfies(t -> assertThat(t.delay()).isZero());
    }

    @Test
    void users_have_timers_of_their_own_and_stop_cancels_them_all() {
        timers.track(pendingUntil("ann", at(3_000)));
        timers.track(pendingUntil("bob", at(4_000)));
        assertThat(scheduler.pending()).hasSize(2);

        timers.cancelAll();

        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void a_timer_that_fired_is_forgotten_so_the_next_deadline_gets_a_new_one() {
        timers.track(pendingUntil("ann", at(3_000)));
        scheduler.runPending();

        timers.track(pendingUntil("ann", at(9_000)));
        scheduler.runPending();

        assertThat(fired).containsExactly(user("ann"), user("ann"));
    }
}
