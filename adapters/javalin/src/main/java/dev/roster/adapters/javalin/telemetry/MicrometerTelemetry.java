package dev.roster.adapters.javalin.telemetry;

import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.PresenceEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts presence transitions as {@code roster_transitions_total{kind}}, one count per event, by its kind
 * ({@code came_online}, {@code went_offline}, {@code status_changed}, {@code joined_room}, {@code left_room},
 * {@code session_opened}, {@code session_closed}); the housekeeping as {@code roster_nodes_removed_total},
 * {@code roster_reaped_sessions_total}, {@code roster_reconciled_users_total}, {@code roster_lease_lost_total} and
 * {@code roster_housekeeping_failures_total{job}}; the failures of the store, bus and scheduler adapters as
 * {@code roster_adapter_failures_total{where}}. The webhook's delivery of the event log as
 * {@code roster_webhook_lag_seconds} (a histogram of the time from each event to its delivery),
 * {@code roster_webhook_events_delivered_total}, {@code roster_webhook_failures_total{reason}} (the sink's words:
 * {@code timeout}, {@code unreachable}, {@code http_3xx}, {@code http_4xx}, {@code http_5xx}, {@code error}),
 * {@code roster_webhook_parked_total} (events given up on) and {@code roster_webhook_gaps_total}. Each is also told
 * in the log (failures at most once per job or place every 30 s, with how many there were meanwhile).
 */
public final class MicrometerTelemetry implements Telemetry {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerTelemetry.class);
    private static final long FAILURE_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The sink's words for a failed delivery, registered at 0 up front. */
    static final List<String> FAILURE_REASONS = List.of("timeout", "unreachable", "http_3xx", "http_4xx", "http_5xx",
            "error");

    private final MeterRegistry registry;
    private final Map<Class<? extends PresenceEvent>, Counter> counters;
    private final Counter nodesRemoved;
    private final Counter reapedSessions;
    private final Counter reconciled;
    private final Counter leaseLost;
    private final Timer webhookLag;
    private final Counter webhookDelivered;
    private final Counter webhookParked;
    private final Counter webhookGaps;
    private final Map<String, long[]> failureLog = new ConcurrentHashMap<>();

    public MicrometerTelemetry(MeterRegistry registry) {
        this.registry = registry;
        this.nodesRemoved = Counter.builder("roster.nodes.removed")
                .description("node boots whose sessions this node removed after their lease lapsed or went missing")
                .register(registry);
        this.reapedSessions = Counter.builder("roster.reaped.sessions")
                .description("sessions of dead nodes closed by this node").register(registry);
        this.reconciled = Counter.builder("roster.reconciled.users")
                .description("users whose stored presence this node repaired to match the sessions it holds")
                .register(registry);
        this.leaseLost = Counter.builder("roster.lease.lost")
                .description("times this node found its own lease gone while alive").register(registry);
        this.webhookLag = Timer.builder("roster.webhook.lag")
                .description("time from an event to its delivery to the webhook")
                .publishPercentileHistogram().register(registry);
        this.webhookDelivered = Counter.builder("roster.webhook.events.delivered")
                .description("events the webhook accepted").register(registry);
        this.webhookParked = Counter.builder("roster.webhook.parked")
                .description("events given up on after every try, parked as dead letters").register(registry);
        this.webhookGaps = Counter.builder("roster.webhook.gaps")
                .description("times delivery fell so far behind that the log no longer kept what it was to deliver")
                .register(registry);
        FAILURE_REASONS.forEach(this::webhookFailures);
        // registered up front, so every kind shows up at 0 before it first happens
        this.counters = Map.of(
                PresenceEvent.UserCameOnline.class, counter(registry, "came_online"),
                PresenceEvent.UserWentOffline.class, counter(registry, "went_offline"),
                PresenceEvent.StatusChanged.class, counter(registry, "status_changed"),
                PresenceEvent.JoinedRoom.class, counter(registry, "joined_room"),
                PresenceEvent.LeftRoom.class, counter(registry, "left_room"),
                PresenceEvent.SessionOpened.class, counter(registry, "session_opened"),
                PresenceEvent.SessionClosed.class, counter(registry, "session_closed"));
    }

    @Override
    public void transitioned(List<PresenceEvent> events) {
        for (PresenceEvent event : events) {
            Counter counter = counters.get(event.getClass());
            if (counter != null) {
                counter.increment();
            }
        }
    }

    @Override
    public void nodeRemoved(NodeBoot boot, int users, int sessions) {
        nodesRemoved.increment();
        reapedSessions.increment(sessions);
        LOG.warn("node {} (boot {}) stopped renewing its lease: closed its {} sessions of {} users", boot.node(),
                boot.boot(), sessions, users);
    }

    @Override
    public void reconciled(int users) {
        reconciled.increment(users);
        LOG.info("repaired the stored presence of {} users to match the sessions this node holds", users);
    }

    @Override
    public void leaseLost() {
        leaseLost.increment();
        LOG.warn("this node's lease was gone (the store lost it, or another node took this one for dead): "
                + "putting its sessions back");
    }

    @Override
    public void housekeepingFailed(String job, Throwable failure) {
        Counter.builder("roster.housekeeping.failures").tag("job", job)
                .description("rounds of housekeeping that failed; the next round tries again")
                .register(registry).increment();
        logFailure("housekeeping:" + job, "{} failed, trying again next round ({} more failures of it since the "
                + "last line): {}", job, failure);
    }

    @Override
    public void adapterFailed(String where, Throwable failure) {
        Counter.builder("roster.adapter.failures").tag("where", where)
                .description("failures of the store, bus and scheduler adapters that no caller hears of, by place")
                .register(registry).increment();
        logFailure("adapter:" + where, "{} failed, carrying on ({} more failures of it since the last line): {}",
                where, failure);
    }

    @Override
    public void eventsDelivered(List<LoggedEvent> events, Instant deliveredAt) {
        for (LoggedEvent event : events) {
            Duration lag = Duration.between(event.at(), deliveredAt);
            // an event stamped by a node whose clock runs ahead is counted as delivered at once
            webhookLag.record(lag.isNegative() ? Duration.ZERO : lag);
        }
        webhookDelivered.increment(events.size());
    }

    @Override
    public void deliveryFailed(String reason) {
        webhookFailures(reason).increment();
    }

    private Counter webhookFailures(String reason) {
        return Counter.builder("roster.webhook.failures").tag("reason", reason)
                .description("webhook deliveries that failed and are tried again, by reason").register(registry);
    }

    @Override
    public void deliveryParked(int events) {
        webhookParked.increment(events);
        LOG.warn("gave up delivering {} events to the webhook after every try; they are kept as a dead letter",
                events);
    }

    @Override
    public void deliveryGap() {
        webhookGaps.increment();
        LOG.warn("webhook delivery fell behind what the event log keeps: the events in between are lost to the "
                + "webhook; delivery goes on from the oldest event kept");
    }

    /** Writes {@code pattern} for {@code key} at most once every 30 s, with how many failures went unwritten. */
    private void logFailure(String key, String pattern, String name, Throwable failure) {
        long now = System.nanoTime();
        long[] state = failureLog.computeIfAbsent(key, k -> new long[] {now - FAILURE_LOG_EVERY_NANOS, 0});
        boolean log;
        long skipped;
        synchronized (state) {
            log = now - state[0] >= FAILURE_LOG_EVERY_NANOS;
            skipped = state[1];
            if (log) {
                state[0] = now;
                state[1] = 0;
            } else {
                state[1]++;
            }
        }
        if (log) {
            Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                    ? failure.getCause() : failure;
            LOG.warn(pattern, name, skipped, String.valueOf(cause));
        }
    }

    private static Counter counter(MeterRegistry registry, String kind) {
        return Counter.builder("roster.transitions").tag("kind", kind)
                .description("presence events, by kind").register(registry);
    }
}
