package dev.roster.application.port.out;

import dev.roster.domain.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the nodes share about delivering the event log to a sink: who delivers now (a lease, so that each event is
 * delivered by one node, not by every node), how far delivery got, and the batches given up on (dead letters).
 *
 * <p>A holder is a name unique to one boot of one node. Only the holder of an unexpired lease moves the position
 * or parks a batch; a node that lost its lease (it paused past it) changes nothing, and learns so from the
 * answer. Failures are {@code StoreUnavailableException}.
 */
public interface DeliveryLedger {

    /**
     * Takes the lease for {@code holder} when nobody holds it, or renews it when {@code holder} already does, for
     * {@code lease} from now. Completes with where delivery stands when {@code holder} holds the lease now, and
     * with null when another holder does.
     */
    CompletionStage<Position> claim(String holder, Duration lease);

    /**
     * Records that every event up to {@code delivered} reached the sink, or, with {@code delivered} null, that
     * delivery starts again from the oldest event kept. Completes with false, changing nothing, when
     * {@code holder} does not hold the lease.
     */
    CompletionStage<Boolean> advance(String holder, String delivered);

    /**
     * Parks a batch the sink kept refusing and moves the position past its last event, as one step. Completes
     * with false, changing nothing, when {@code holder} does not hold the lease. The ledger keeps a bounded
     * number of dead letters, dropping the oldest first.
     */
    CompletionStage<Boolean> park(String holder, DeadLetter letter);

    /** Lets the lease go, if {@code holder} holds it, so that another node takes over at once. */
    CompletionStage<Void> release(String holder);

    /** Where delivery stands, whoever holds the lease. */
    CompletionStage<Position> position();

    /** The newest {@code limit} dead letters, newest first. */
    CompletionStage<List<DeadLetter>> deadLetters(int limit);

    /** How many dead letters are kept. */
    CompletionStage<Long> deadLetterCount();

    /**
     * Where delivery stands.
     *
     * @param holder    who holds the lease, null when nobody does
     * @param delivered the id of the last event delivered (or parked), null when delivery starts from the oldest
     */
    record Position(String holder, String delivered) {
    }
}
