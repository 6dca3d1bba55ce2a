package dev.roster.adapters.javalin.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MicrometerTelemetryTest {
    private static final UserId ANN = UserId.of("ann");
    private static final Instant NOW = Instant.now();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerTelemetry telemetry = new MicrometerTelemetry(registry);

    @Test
    void every_kind_is_registered_at_zero() {
        assertThat(registry.find("roster.transitions").counters()).hasSize(7);
        assertThat(count("came_online")).isZero();
    }

    @Test
    void each_event_counts_once_under_its_kind() {
        Session session = new Session(SessionId.of("s1"), ANN, NodeId.of("n"), "b", "web", NOW);
        RoomId room = RoomId.of("lobby");
        telemetry.transitioned(List.of(new PresenceEvent.UserCameOnline(ANN, Status.ONLINE, NOW),
                new PresenceEvent.SessionOpened(session, 1, NOW)));
        telemetry.transitioned(List.of(new PresenceEvent.JoinedRoom(ANN, room, PresenceState.ONLINE, session.id(), NOW),
                new PresenceEvent.StatusChanged(ANN, Status.AWAY, null, Set.of(room), session.id(), NOW),
                new PresenceEvent.LeftRoom(ANN, room, null, NOW),
                new PresenceEvent.SessionClosed(session, 0, NOW),
                new PresenceEvent.UserWentOffline(ANN, NOW),
                new PresenceEvent.SessionOpened(session, 1, NOW)));

        assertThat(count("came_online")).isEqualTo(1);
        assertThat(count("session_opened")).isEqualTo(2);
        assertThat(count("joined_room")).isEqualTo(1);
        assertThat(count("status_changed")).isEqualTo(1);
        assertThat(count("left_room")).isEqualTo(1);
        assertThat(count("session_closed")).isEqualTo(1);
        assertThat(count("went_offline")).isEqualTo(1);
    }

    @Test
    void a_failed_round_of_housekeeping_is_counted_every_time_and_logged_once_per_job_and_interval() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger log = (Logger) LoggerFactory.getLogger(MicrometerTelemetry.class);
        lines.start();
        log.addAppender(lines);
        try {
            telemetry.housekeepingFailed("reaping", new CompletionException(new IllegalStateException("down")));
            telemetry.housekeepingFailed("reaping", new IllegalStateException("down"));
            telemetry.housekeepingFailed("grace sweep", new IllegalStateException("down"));
        } finally {
            log.detachAppender(lines);
        }

        assertThat(registry.get("roster.housekeeping.failures").tag("job", "reaping").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("roster.housekeeping.failures").tag("job", "grace sweep").counter().count())
                .isEqualTo(1);
        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
        assertThat(lines.list.get(0).getFormattedMessage()).startsWith("reaping failed")
                .contains("IllegalStateException: down");
    }

    private double count(String kind) {
        return registry.get("roster.transitions").tag("kind", kind).counter().count();
    }

    @Test
    void webhook_delivery_is_measured_lag_from_each_event_delivered_failures_by_reason_parked_and_gaps() {
        for (String reason : MicrometerTelemetry.FAILURE_REASONS) {
            assertThat(registry.get("roster.webhook.failures").tag("reason", reason).counter().count()).isZero();
        }
        assertThat(registry.get("roster.webhook.events.delivered").counter().count()).isZero();

        LoggedEvent early = LoggedEvent.of(new PresenceEvent.UserCameOnline(ANN, Status.ONLINE, NOW)).withId("1-1");
        LoggedEvent late = LoggedEvent.of(new PresenceEvent.UserWentOffline(ANN, NOW.plusSeconds(2))).withId("1-2");
        telemetry.eventsDelivered(List.of(early, late), NOW.plusSeconds(3));
        Timer lag = registry.get("roster.webhook.lag").timer();
        assertThat(lag.count()).isEqualTo(2);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
        assertThat(registry.get("roster.webhook.events.delivered").counter().count()).isEqualTo(2);

        // a clock ahead of the deliverer's makes no negative lag
        telemetry.eventsDelivered(List.of(late), NOW);
        assertThat(lag.count()).isEqualTo(3);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4_000);

        telemetry.deliveryFailed("http_5xx");
        telemetry.deliveryFailed("http_5xx");
        telemetry.deliveryFailed("timeout");
        assertThat(registry.get("roster.webhook.failures").tag("reason", "http_5xx").counter().count()).isEqualTo(2);
        assertThat(registry.get("roster.webhook.failures").tag("reason", "timeout").counter().count()).isEqualTo(1);
        telemetry.deliveryParked(7);
        assertThat(registry.get("roster.webhook.parked").counter().count()).isEqualTo(7);
        telemetry.deliveryGap();
        assertThat(registry.get("roster.webhook.gaps").counter().count()).isEqualTo(1);
    }

    @Test
    void the_lag_is_a_histogram_with_buckets_for_percentiles_in_prometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerTelemetry(prometheus).eventsDelivered(List.of(
                LoggedEvent.of(new PresenceEvent.UserCameOnline(ANN, Status.ONLINE, NOW)).withId("1-1")),
                NOW.plusMillis(250));
        assertThat(prometheus.scrape()).contains("roster_webhook_lag_seconds_bucket{le=")
                .contains("roster_webhook_events_delivered_total 1.0")
                .contains("roster_webhook_failures_total{reason=\"unreachable\"} 0.0")
                .contains("roster_webhook_parked_total 0.0").contains("roster_webhook_gaps_total 0.0");
    }
}
