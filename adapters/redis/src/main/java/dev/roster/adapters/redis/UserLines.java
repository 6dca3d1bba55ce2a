package dev.roster.adapters.redis;

import dev.roster.domain.Outcome;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transitions of one user on this node, one after the other, so that only other nodes can race a commit:
 * optimistic retries stay few even when one node hammers one user. Users are independent of each other, and a
 * user with nothing in line holds no entry.
 */
final class UserLines {

    /** The work each transition is in line for. */
    @FunctionalInterface
    interface Work {
        CompletableFuture<Outcome> apply(UserId user, Transition transition);
    }

    private final Map<UserId, CompletableFuture<Outcome>> inLine = new ConcurrentHashMap<>();
    private final Work work;
    private final AnswerThread answers;

    UserLines(Work work, AnswerThread answers) {
        this.work = work;
        this.answers = answers;
    }

    /** Runs the transition once every one of this user given before has completed; answers on the answer thread. */
    CompletionStage<Outcome> apply(UserId user, Transition transition) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        CompletableFuture<Outcome> queued = inLine.compute(user, (u, tail) -> {
            CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return before.handle((v, e) -> null).thenCompose(ready -> work.apply(user, transition));
        });
        queued.whenComplete((outcome, failure) -> {
            inLine.remove(user, queued);
            answers.complete(result, outcome, failure);
        });
        return result;
    }
}
