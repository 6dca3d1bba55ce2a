package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.DomainException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps what a use case failed with to the error frame the client gets. Anything unexpected is logged. */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

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
        if (cause instanceof DomainException) {
            return new FrameError(FrameError.BAD_FIELD, cause.getMessage(), re);
        }
        LOG.error("frame handling failed", cause);
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
