package dev.roster.adapters.hooks;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What really went wrong in a failed stage of the JDK's HTTP client, under the wrappers the stages add. */
final class Causes {
    private Causes() {
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
