package dev.roster.adapters.javalin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SignInThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SignInThrottle throttle = new SignInThrottle(meters, 10, WINDOW, 100, nanos::get);

    @Test
    void anAddressIsRefusedAfterTenFailuresUntilItsWindowHasPassed() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.1", "bearer", "/api/nodes", guess());
        }
        assertThat(throttle.refusal("10.0.0.1", "bearer")).isZero();
        advance(Duration.ofSeconds(20));
        throttle.failed("10.0.0.1", "bearer", "/api/nodes", guess());

        assertThat(throttle.refusal("10.0.0.1", "bearer")).isEqualTo(Duration.ofSeconds(40));
        advance(Duration.ofSeconds(39));
        assertThat(throttle.refusal("10.0.0.1", "form")).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        assertThat(throttle.refusal("10.0.0.1", "bearer")).isZero();
        assertThat(meters.counter("roster.signin.failures", "via", "bearer").count()).isEqualTo(10);
        assertThat(meters.counter("roster.signin.throttled", "via", "bearer").count()).isEqualTo(1);
        assertThat(meters.counter("roster.signin.throttled", "via", "form").count()).isEqualTo(1);
    }

    @Test
    void theSameWrongTokenAgainIsNotAnotherGuessButEveryFailureIsCounted() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("10.0.0.1", "bearer", "/metrics", "Bearer an-old-token");
        }
        assertThat(throttle.refusal("10.0.0.1", "bearer")).isZero();
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.1", "bearer", "/metrics", guess());
        }
        assertThat(throttle.refusal("10.0.0.1", "bearer")).isPositive();
        assertThat(meters.counter("roster.signin.failures", "via", "bearer").count()).isEqualTo(109);
    }

    @Test
    void failuresSpreadOverMoreThanAWindowStartAFreshCount() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.1", "form", "/admin/login", guess());
        }
        advance(WINDOW);
        throttle.failed("10.0.0.1", "form", "/admin/login", guess());
        assertThat(throttle.refusal("10.0.0.1", "form")).isZero();
    }

    @Test
    void oneAddressesFailuresNeverRefuseAnother() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("10.0.0.1", "bearer", "/api/nodes", guess());
        }
        assertThat(throttle.refusal("10.0.0.1", "bearer")).isPositive();
        assertThat(throttle.refusal("10.0.0.2", "bearer")).isZero();
        assertThat(throttle.refusal("::1", "bearer")).isZero();
    }

    @Test
    void memoryIsBoundedByDroppingPassedWindowsFirstAndThenTheOldest() {
        SignInThrottle small = new SignInThrottle(meters, 2, WINDOW, 3, nanos::get);
        small.failed("a", "bearer", "/api", guess());
        small.failed("a", "bearer", "/api", guess());
        advance(Duration.ofSeconds(1));
        small.failed("b", "bearer", "/api", guess());
        small.failed("b", "bearer", "/api", guess());
        small.failed("c", "bearer", "/api", guess());
        assertThat(small.addresses()).isEqualTo(3);

        // full, nothing passed: the oldest ("a") is given up
        small.failed("d", "bearer", "/api", guess());
        assertThat(small.addresses()).isEqualTo(3);
        assertThat(small.refusal("a", "bearer")).isZero();
        assertThat(small.refusal("b", "bearer")).isPositive();

        // once the windows passed, a flood of new addresses finds room without growing the map
        advance(WINDOW);
        for (int i = 0; i < 1_000; i++) {
            small.failed("flood-" + i, "bearer", "/api", guess());
        }
        assertThat(small.addresses()).isEqualTo(3);
    }

    @Test
    void aFailureIsLoggedOnceAWhileWithTheAddressAndAPathThatCannotForgeLines() {
        Logger logger = (Logger) LoggerFactory.getLogger(SignInThrottle.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            String forging = "/api/x\n2026-12-06 WARN forged line" + "y".repeat(300);
            throttle.failed("10.0.0.1", "bearer", forging, guess());
            throttle.failed("10.0.0.1", "bearer", "/api/nodes", guess());
            advance(SignInThrottle.LOG_EVERY);
            throttle.failed("10.0.0.2", "form", "/admin/login", guess());
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).hasSize(2);
        String first = lines.list.get(0).getFormattedMessage();
        assertThat(first).startsWith("failed sign-in from 10.0.0.1 (bearer on /api/x?2026-12-06 WARN forged line")
                .doesNotContain("\n").hasSizeLessThan(200);
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("failed sign-in from 10.0.0.2 (form on /admin/login); 1 of 10 different tokens allowed"
                        + " in 60 s (1 more like this not logged)");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new SignInThrottle(meters, 0, WINDOW, 10, nanos::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> new SignInThrottle(meters, 10, Duration.ZERO, 10, nanos::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new SignInThrottle(meters, 10, WINDOW, 0, nanos::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAddresses");
    }

    private int guesses;

    /** A wrong token not offered before. */
    private String guess() {
        return "guess-" + guesses++;
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
