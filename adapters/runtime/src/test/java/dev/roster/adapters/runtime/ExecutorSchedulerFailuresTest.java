package dev.roster.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.application.port.out.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A task that throws is told to the telemetry, by a fixed name, and does not stop a periodic task. */
class ExecutorSchedulerFailuresTest {

    @Test
    void aTaskThatThrowsIsToldToTheTelemetry() {
        List<String> failures = new CopyOnWriteArrayList<>();
        Telemetry telemetry = new Telemetry() {
            @Override
            public void transitioned(List<dev.roster.domain.PresenceEvent> events) {
            }

            @Override
            public void adapterFailed(String where, Throwable failure) {
                failures.add(where + ": " + failure.getMessage());
            }
        };
        try (ExecutorScheduler scheduler = new ExecutorScheduler(1, telemetry)) {
            scheduler.every(Duration.ofMillis(5), () -> {
                throw new IllegalStateException("boom");
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() >= 2);
        }

        assertThat(failures).allMatch(line -> line.equals("scheduled_task: boom"));
    }
}
