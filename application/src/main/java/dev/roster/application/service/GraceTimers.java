package dev.roster.application.service;

import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.Scheduler;
import dev.roster.domain.Presence;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One timer per user for its next grace deadline, so that offline is announced on time. Timers are a fast path
 * only: expiry is idempotent and the periodic sweep ({@code ExpireGraceUseCase.expireDue}) catches whatever a
 * timer missed, such as the deadlines of a node that died.
 */
final class GraceTimers {
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<UserId, Scheduler.Cancellable> timers = new ConcurrentHashMap<>();
    private final Map<UserId, Presence> tracked = new ConcurrentHashMap<>();
    private volatile Consumer<UserId> onDeadline = user -> { };

    GraceTimers(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void onDeadline(Consumer<UserId> action) {
        this.onDeadline = action;
    }

    void track(Presence presence) {
        UserId user = presence.user();
        Instant deadline = presence.nextDeadline().orElse(null);
        if (deadline == null) {
            tracked.remove(user);
            Scheduler.Cancellable old = timers.remove(user);
            if (old != null) {
                old.cancel();
            }
            return;
        }
        Duration delay = Duration.between(clock.now(), deadline);
        AtomicReference<Scheduler.Cancellable> self = new AtomicReference<>();
        Scheduler.Cancellable timer = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> {
            // only this timer's own entry: a newer one for the same user must stay cancellable
            timers.remove(user, self.get());
            onDeadline.accept(user);
        });
        self.set(timer);
        tracked.put(user, presence);
        Scheduler.Cancellable old = timers.put(user, timer);
        if (old != null) {
            old.cancel();
        }
    }

    void cancelAll() {
        timers.values().forEach(Scheduler.Cancellable::cancel);
        timers.clear();
        tracked.clear();
    }

    /** The presence this node last kept a timer for, with its lingering rooms; null when it keeps none. */
    Presence lastTracked(UserId user) {
        return tracked.get(user);
    }
}
