package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.DomainException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Maps what a use case failed with to the error frame the client gets. Anything unexpected is logged, at most a
 * line every 10 s (it can fail every frame), and counted with the {@code internal} error frames it is answered with.
 */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, Level.ERROR, Duration.ofSeconds(10));

    private Failures() {
    }

    public static FrameError toFrameError(Throwable failure, JsonNode re) {
        Throwable cause = unwrap(failure);
        if (cause instanceof PresenceRejectedException rejected) {
            return new FrameError(rejected.rejection().code(), rejected.rejection().message(), re);
        }
        if (cause instanceof StoreUnavailableException) {
            LOG.debug("answered unavailable: {}", cause.getMessage());
            return new FrameError(FrameError.UNAVAILABLE, "the presence store is unavailable; try again", re);
        }
        if (cause instanceof BadCursorException) {
            return new FrameError(FrameError.BAD_FIELD, cause.getMessage(), re);
        }
        if (cause instanceof DomainException) {
            return new FrameError(FrameError.BAD_FIELD, cause.getMessage(), re);
        }
        UNEXPECTED.log("frame handling failed", cause);
        return new FrameError(FrameError.INTERNAL, "internal error", re);
    }

    /** The failure itself, without the wrappers that futures add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
