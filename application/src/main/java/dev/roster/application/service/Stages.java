package dev.roster.application.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Small helpers for the asynchronous answers of the ports. */
final class Stages {
    private Stages() {
    }

    /** The stage a call returns, or a failed one if the call threw instead of answering. */
    static <T> CompletableFuture<T> calling(Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
