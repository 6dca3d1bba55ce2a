package dev.roster.adapters.redis;

import dev.roster.domain.StoreUnavailableException;
import io.lettuce.core.RedisException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Turns whatever Lettuce reports while Redis is away (refused, timed out, reset) into the port's failure. */
final class Failures {
    private Failures() {
    }

    /** Runs a Redis call; a failure, thrown or completed, becomes {@link StoreUnavailableException}. */
    static <T> CompletableFuture<T> guard(Supplier<? extends CompletionStage<T>> call) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
        return stage.toCompletableFuture().exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(e)));
    }

    static Throwable translate(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RedisException) {
            return new StoreUnavailableException("Redis cannot be reached: " + cause.getMessage(), cause);
        }
        return cause;
    }
}
