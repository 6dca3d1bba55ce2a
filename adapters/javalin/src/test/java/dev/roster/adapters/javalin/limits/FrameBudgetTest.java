package dev.roster.adapters.javalin.limits;

import static dev.roster.adapters.javalin.limits.FrameBudget.Verdict.ADMIT;
import static dev.roster.adapters.javalin.limits.FrameBudget.Verdict.ANSWER;
import static dev.roster.adapters.javalin.limits.FrameBudget.Verdict.CLOSE;
import static dev.roster.adapters.javalin.limits.FrameBudget.Verdict.DROP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.limits.FrameBudget.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget on a clock of its own: every call says what time it is. */
class FrameBudgetTest {
    private static final long MS = 1_000_000L;
    private static final long START = 123_456_789L;

    @Test
    void a_full_budget_admits_a_burst_then_refuses_and_refills_at_the_rate() {
        FrameBudget budget = FrameBudget.of(WebLimits.DEFAULTS.withFrames(100, 200), START);
        for (int i = 0; i < 200; i++) {
            assertThat(budget.take(START)).as("frame %d of the burst", i).isEqualTo(ADMIT);
        }
        assertThat(budget.take(START)).isEqualTo(ANSWER);
        assertThat(budget.take(START)).isEqualTo(DROP);
        // 100 a second: one more every 10 ms
        assertThat(budget.take(START + 10 * MS)).isEqualTo(ADMIT);
        assertThat(budget.take(START + 10 * MS)).isEqualTo(DROP);
        assertThat(budget.take(START + 20 * MS)).isEqualTo(ADMIT);
    }

    @Test
    void refusals_are_answered_at_most_once_per_100_ms_of_a_flood() {
        FrameBudget budget = FrameBudget.of(WebLimits.DEFAULTS.withFrames(1, 1), START);
        assertThat(budget.take(START)).isEqualTo(ADMIT);
        List<Verdict> verdicts = new ArrayList<>();
        // a frame every millisecond for 300 ms: about 300 refused, 3 or 4 answered
        for (long t = 1; t <= 300; t++) {
            verdicts.add(budget.take(START + t * MS));
        }
        assertThat(verdicts).filteredOn(v -> v == ANSWER).hasSize(3);
        assertThat(verdicts).doesNotContain(ADMIT, CLOSE);
        assertThat(verdicts.get(0)).isEqualTo(ANSWER);
    }

    @Test
    void a_spell_of_refusals_still_going_5_s_after_it_began_closes_once() {
        FrameBudget budget = FrameBudget.of(WebLimits.DEFAULTS.withFrames(10, 10), START);
        long t = START;
        // twice the rate for 6 s: half the frames admitted, half refused, never a quiet second
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            verdicts.add(budget.take(t));
            t += 50 * MS;
        }
        assertThat(verdicts).contains(ADMIT);
        assertThat(verdicts).filteredOn(v -> v == CLOSE).hasSize(1);
        int close = verdicts.indexOf(CLOSE);
        // the burst went first; the spell began at the first refusal, about 1 s in, and closes 5 s later
        assertThat(close * 50L).isBetween(5_500L, 6_500L);
        assertThat(verdicts.subList(close + 1, verdicts.size())).containsOnly(ADMIT, DROP);
    }

    @Test
    void a_quiet_second_ends_a_spell_so_bursts_now_and_then_are_never_closed() {
        FrameBudget budget = FrameBudget.of(WebLimits.DEFAULTS.withFrames(10, 10), START);
        long t = START;
        // every 1.5 s a burst of 20 frames at once: 10 too many each time, for a minute
        for (int round = 0; round < 40; round++) {
            List<Verdict> verdicts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                verdicts.add(budget.take(t));
            }
            assertThat(verdicts).doesNotContain(CLOSE);
            assertThat(verdicts).contains(ANSWER);
            t += 1_500 * MS;
        }
    }

    @Test
    void off_admits_everything() {
        FrameBudget budget = FrameBudget.of(WebLimits.DEFAULTS.withFrames(0, 1), START);
        for (int i = 0; i < 100_000; i++) {
            assertThat(budget.take(START)).isEqualTo(ADMIT);
        }
        assertThat(FrameBudget.unlimited().take(START)).isEqualTo(ADMIT);
    }
}
