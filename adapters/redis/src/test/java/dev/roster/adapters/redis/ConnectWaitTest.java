package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A store waiting for Redis says so once, then reminds at most every interval, however often it tries. */
class ConnectWaitTest {
    private final AtomicLong now = new AtomicLong();
    private final ConnectWait wait = new ConnectWait("Redis at redis://127.0.0.1:6390", Duration.ofSeconds(30),
            now::get);

    private void at(double seconds) {
        now.set((long) (seconds * 1e9));
    }

    @Test
    void theFirstFailureSaysWhatItWaitsForAndWhyThenOnlyAReminderEveryInterval() {
        assertThat(wait.failed("Connection refused")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("waiting for Redis at redis://127.0.0.1:6390 (Connection refused)")
                .contains("not ready until it answers"));
        int said = 0;
        for (int halfSeconds = 1; halfSeconds < 60; halfSeconds++) {
            at(halfSeconds / 2.0);
            if (wait.failed("Connection refused").isPresent()) {
                said++;
            }
        }
        assertThat(said).as("lines in the next 29.5 s").isZero();

        at(30);
        assertThat(wait.failed("Connection refused")).hasValue(
                "still waiting for Redis at redis://127.0.0.1:6390 after 30 s (Connection refused)");
        at(59.5);
        assertThat(wait.failed("Connection refused")).isEmpty();
        at(61);
        assertThat(wait.failed("timed out")).hasValueSatisfying(line -> assertThat(line).contains("after 61 s",
                "(timed out)"));

        at(75);
        assertThat(wait.answered()).hasValue("Redis at redis://127.0.0.1:6390 answers after 75 s of waiting");
    }

    @Test
    void aStoreThatNeverWaitedHasNothingToSayWhenRedisAnswers() {
        at(0.2);
        assertThat(wait.answered()).isEmpty();
    }
}
