package dev.roster.adapters.javalin.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AdapterFailuresTelemetryTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerTelemetry telemetry = new MicrometerTelemetry(registry);

    @Test
    void an_adapter_failure_is_counted_every_time_and_logged_once_per_place_and_interval() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger log = (Logger) LoggerFactory.getLogger(MicrometerTelemetry.class);
        lines.start();
        log.addAppender(lines);
        try {
            telemetry.adapterFailed("message_listener", new CompletionException(new IllegalStateException("boom")));
            telemetry.adapterFailed("message_listener", new IllegalStateException("boom"));
            telemetry.adapterFailed("scheduled_task", new IllegalStateException("boom"));
            // a housekeeping job of the same name is another line
            telemetry.housekeepingFailed("scheduled_task", new IllegalStateException("boom"));
        } finally {
            log.detachAppender(lines);
        }

        assertThat(registry.get("roster.adapter.failures").tag("where", "message_listener").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("roster.adapter.failures").tag("where", "scheduled_task").counter().count())
                .isEqualTo(1);
        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN, Level.WARN);
        assertThat(lines.list.get(0).getFormattedMessage()).startsWith("message_listener failed")
                .contains("IllegalStateException: boom");
    }
}
