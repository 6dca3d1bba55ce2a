package dev.roster.application.service;

import dev.roster.application.port.in.ExpireGraceUseCase;
import dev.roster.application.port.in.HousekeepingUseCase;
import dev.roster.application.port.in.NodeLeaseUseCase;
import dev.roster.application.port.in.ReconcileUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs the node's rounds of upkeep on its scheduler: heartbeats, reaping, reconciliation, grace sweeps, the flush
 * of counted room changes, and the delivery of the event log to its sink (which keeps its own schedule). Every
 * failed round, whether its stage fails or it throws, is told to {@link Telemetry} under the round's name, and the
 * schedule goes on.
 */
final class HousekeepingService implements HousekeepingUseCase {
    private final Scheduler scheduler;
    private final Clock clock;
    private final Telemetry telemetry;
    private final UseCases.Settings settings;
    private final NodeLeaseUseCase leases;
    private final ReconcileUseCase reconcile;
    private final ExpireGraceUseCase expireGrace;
    private final LocalDelivery delivery;
    private final GraceTimers timers;
    private final EventDeliveryService eventDelivery;
    private final List<Scheduler.Cancellable> rounds = new ArrayList<>();

    HousekeepingService(Scheduler scheduler, Clock clock, Telemetry telemetry, UseCases.Settings settings,
                        NodeLeaseUseCase leases, ReconcileUseCase reconcile, ExpireGraceUseCase expireGrace,
                        LocalDelivery delivery, GraceTimers timers, EventDeliveryService eventDelivery) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.telemetry = telemetry;
        this.settings = settings;
        this.leases = leases;
        this.reconcile = reconcile;
        this.expireGrace = expireGrace;
        this.delivery = delivery;
        this.timers = timers;
        this.eventDelivery = eventDelivery;
    }

    @Override
    public synchronized CompletionStage<Void> start() {
        rounds.add(scheduler.every(settings.heartbeatEvery(), quietly(telemetry, "heartbeat", leases::heartbeat)));
        rounds.add(scheduler.every(settings.reapEvery(), quietly(telemetry, "reaping", leases::reapLapsed)));
        rounds.add(scheduler.every(settings.reconcileTick(), quietly(telemetry, "reconciliation",
                reconcile::reconcileNext)));
        rounds.add(scheduler.every(UseCases.Settings.SWEEP_EVERY, quietly(telemetry, "grace sweep",
                expireGrace::sweepRound)));
        rounds.add(scheduler.every(settings.crowdTick(), quietlyRun(telemetry, "crowd flush",
                () -> delivery.flush(clock.now()))));
        eventDelivery.start();
        CompletionStage<Void> first;
        try {
            first = leases.heartbeat();
        } catch (RuntimeException e) {
            first = CompletableFuture.failedFuture(e);
        }
        return first.whenComplete((done, failure) -> {
            if (failure != null) {
                telemetry.housekeepingFailed("first heartbeat", failure);
            }
        });
    }

    @Override
    public synchronized CompletionStage<Void> stop() {
        boolean running = !rounds.isEmpty();
        rounds.forEach(Scheduler.Cancellable::cancel);
        rounds.clear();
        timers.cancelAll();
        // the node's lease goes, once nothing of it is left, so that no node lists it as alive any longer; a node
        // that never started (its store never answered) has no lease to give up
        CompletionStage<Boolean> resigned;
        try {
            resigned = running ? leases.resign() : CompletableFuture.completedFuture(false);
        } catch (RuntimeException e) {
            resigned = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> leaseGone = resigned.handle((done, failure) -> {
            if (failure != null) {
                telemetry.housekeepingFailed("resigning the lease", failure);
            }
            return (Void) null;
        }).toCompletableFuture();
        // the delivery's lease goes with it, so that another node delivers at once rather than once it lapses
        return eventDelivery.stop().thenCombine(leaseGone, (delivered, resign) -> (Void) null);
    }

    /**
     * One round of {@code job} as a scheduled task: a failed round is retried by the next one, so it must never
     * stop the schedule, and it is told.
     */
    static Runnable quietly(Telemetry telemetry, String job, Supplier<? extends CompletionStage<?>> round) {
        return () -> {
            try {
                round.get().whenComplete((done, failure) -> {
                    if (failure != null) {
                        telemetry.housekeepingFailed(job, failure);
                    }
                });
            } catch (RuntimeException e) {
                telemetry.housekeepingFailed(job, e);
            }
        };
    }

    /** A round that finishes when it returns, as a scheduled task told like the others when it throws. */
    static Runnable quietlyRun(Telemetry telemetry, String job, Runnable round) {
        return () -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                telemetry.housekeepingFailed(job, e);
            }
        };
    }
}
