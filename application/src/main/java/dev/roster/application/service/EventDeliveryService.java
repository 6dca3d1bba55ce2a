package dev.roster.application.service;

import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.domain.DeadLetter;
import dev.roster.application.port.out.EventSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The delivery of the event log as operators see it, and the switch of this node's {@link Deliverer}, which
 * housekeeping turns on and off with the node's other rounds. Without a sink nothing is delivered and there is
 * nothing to start.
 */
final class EventDeliveryService implements EventDeliveryUseCase {
    private final DeliveryLedger ledger;
    private final EventSink sink;
    private final Deliverer deliverer;

    /**
     * @param ledger    null when there is no sink
     * @param sink      null when the log is delivered nowhere
     * @param deliverer null exactly when {@code sink} is
     */
    EventDeliveryService(DeliveryLedger ledger, EventSink sink, Deliverer deliverer) {
        if ((sink == null) != (deliverer == null)) {
            throw new IllegalArgumentException("a deliverer exactly when there is a sink");
        }
        this.ledger = ledger;
        this.sink = sink;
        this.deliverer = deliverer;
    }

    /** Starts delivering from this node, when there is a sink. */
    void start() {
        if (deliverer != null) {
            deliverer.start();
        }
    }

    /**
     * Stops delivering from this node and lets another take over at once, once the batch the sink is taking now
     * is answered and recorded. Safe to call more than once.
     */
    CompletionStage<Void> stop() {
        return deliverer == null ? CompletableFuture.completedFuture(null) : deliverer.stop();
    }

    @Override
    public boolean enabled() {
        return sink != null;
    }

    @Override
    public CompletionStage<DeliveryStatus> status() {
        Deliverer.Failure failure = deliverer == null ? null : deliverer.lastFailure();
        String reason = failure == null ? null : failure.reason();
        String described = sink == null ? null : sink.describe();
        if (ledger == null) {
            return CompletableFuture.completedFuture(new DeliveryStatus(described, null, null, 0, reason,
                    failure == null ? null : failure.at()));
        }
        return Stages.calling(ledger::position).thenCombine(Stages.calling(ledger::deadLetterCount),
                (position, dead) -> new DeliveryStatus(described, position.holder(), position.delivered(), dead,
                        reason, failure == null ? null : failure.at()));
    }

    @Override
    public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
        if (!ReadEventsService.withinLimits(limit)) {
            return ReadEventsService.outOfRange(limit);
        }
        if (ledger == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return Stages.calling(() -> ledger.deadLetters(limit));
    }
}
