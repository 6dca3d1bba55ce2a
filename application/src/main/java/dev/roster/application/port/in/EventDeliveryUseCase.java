package dev.roster.application.port.in;

import dev.roster.domain.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The delivery of the event log to the configured sink (a webhook), as operators see it: whether there is one,
 * how far it got, what failed, and the batches given up on.
 */
public interface EventDeliveryUseCase {

    /** Whether a sink is configured; when not, the other answers are of a delivery that never runs. */
    boolean enabled();

    /** Where delivery stands now, across the cluster. */
    CompletionStage<DeliveryStatus> status();

    /** The newest {@code limit} (1 to 1000) dead letters, newest first. */
    CompletionStage<List<DeadLetter>> deadLetters(int limit);

    /**
     * Where delivery stands.
     *
     * @param sink          where events are delivered, in words, null when no sink is configured
     * @param holder        the node boot delivering now, null when none holds the lease
     * @param delivered     the id of the last event delivered or parked, null when none yet
     * @param deadLetters   how many dead letters are kept
     * @param lastFailure   the last failure this node saw while delivering, null when none
     * @param lastFailureAt when it failed, null when it did not
     */
    record DeliveryStatus(String sink, String holder, String delivered, long deadLetters, String lastFailure,
                          Instant lastFailureAt) {
    }
}
