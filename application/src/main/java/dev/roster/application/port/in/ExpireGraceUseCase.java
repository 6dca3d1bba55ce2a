package dev.roster.application.port.in;

import dev.roster.domain.UserId;
import java.util.concurrent.CompletionStage;

/** Ends grace periods that ran out: the user goes offline, lingering rooms hear it leave. */
public interface ExpireGraceUseCase {

    CompletionStage<Void> expire(UserId user);

    /** Expires every user whose deadline passed, whichever node started it; completes with how many. */
    CompletionStage<Integer> expireDue();

    /**
     * One round of the periodic grace sweep: {@link #expireDue} when the round is this node's, nothing (0) when it
     * is another live node's; the live nodes take the rounds in turn.
     */
    CompletionStage<Integer> sweepRound();
}
