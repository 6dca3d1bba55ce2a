package dev.roster.adapters.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

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

    /**
     * The answer turned into a value by {@code then}, which runs on this thread, in one task: a read that decodes
     * its reply and completes its caller's stage costs one hand-off, not a decoding task followed by a completing
     * one. The result fails with the failure's own cause, or with what {@code then} threw.
     */
    <S, T> CompletableFuture<T> handOff(CompletionStage<S> answer, Function<? super S, ? extends T> then) {
        CompletableFuture<T> handed = new CompletableFuture<>();
        answer.whenComplete((value, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            thread.execute(() -> {
                if (cause != null) {
                    handed.completeExceptionally(cause);
                    return;
                }
                T result;
                try {
                    result = then.apply(value);
                } catch (RuntimeException e) {
                    handed.completeExceptionally(e);
                    return;
                }
                handed.complete(result);
            });
        });
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
