package dev.roster.adapters.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The one thread every answer of the presence store completes on, so that answers keep the order in which Redis
 * gave them, and never Lettuce's I/O thread, which must stay free to read replies: what the callers chain on an
 * answer (a joined reply listing a thousand members, say) ran there before, and under load held up the replies of
 * other commands past their timeout.
 */
final class AnswerThread implements Executor {
    private final Executor thread;

    AnswerThread(Executor thread) {
        this.thread = thread;
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    /** The answer, completed on this thread. */
    <T> CompletionStage<T> handOff(CompletionStage<T> answer) {
        CompletableFuture<T> handed = new CompletableFuture<>();
        answer.whenComplete((value, failure) -> complete(handed, value, failure));
        return handed;
    }

    /** Completes {@code result} on this thread with the value, or with the failure's own cause. */
    <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        thread.execute(() -> {
            if (cause != null) {
                result.completeExceptionally(cause);
            } else {
                result.complete(value);
            }
        });
    }
}
