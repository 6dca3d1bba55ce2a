package dev.roster.adapters.javalin.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RateLimitedLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private RateLimitedLog log;

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
        log = new RateLimitedLog(logger, Level.WARN, Duration.ofSeconds(10), now::get);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aLineRepeatedWithinTheIntervalIsWrittenOnceAndTheNextOneCountsTheRest() {
        IllegalStateException failure = new IllegalStateException("gone");
        assertThat(log.log("feed {} failed", "a", failure)).isTrue();
        for (int i = 0; i < 1_000; i++) {
            now.addAndGet(1_000_000L);
            assertThat(log.log("feed {} failed", "b", failure)).isFalse();
        }
        assertThat(lines.list).hasSize(1);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(log.log("feed {} failed", "c", failure)).isTrue();
        assertThat(lines.list).hasSize(2);
        ILoggingEvent second = lines.list.get(1);
        assertThat(second.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(second.getFormattedMessage()).isEqualTo("feed c failed (1000 more like this not logged)");
        assertThat(second.getThrowableProxy().getMessage()).isEqualTo("gone");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.log("quiet again");
        assertThat(lines.list.get(2).getFormattedMessage()).isEqualTo("quiet again");
    }

    @Test
    void manyThreadsAtOnceWriteOneLine() throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    log.log("same line");
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(lines.list).hasSize(1);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new RateLimitedLog(logger, Level.WARN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
