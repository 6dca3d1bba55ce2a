package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.logging.RateLimitedLog;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The answer to a failure no other handler knows: 500 {@code internal}, and a log line at most every
 * {@link #LOG_EVERY}. It never throws. A handler that threw would have its own failure handled in turn, and on a
 * request the server has already finished with (a late answer to a request that timed out or whose connection
 * went away) every step of that fails again, round and round; so here a request that cannot be read or answered
 * any more is only noted.
 */
final class InternalErrors implements ExceptionHandler<Exception> {
    static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Views views;
    private final RateLimitedLog failed;

    InternalErrors(Views views) {
        this(views, new RateLimitedLog(LOG, Level.ERROR, LOG_EVERY));
    }

    InternalErrors(Views views, RateLimitedLog failed) {
        this.views = views;
        this.failed = failed;
    }

    /** Notes a failure of a request answered without the framework (see {@link DirectReads}), as {@link #handle}. */
    void noted(String request, Throwable failure) {
        failed.log("{} failed", request, failure);
    }

    @Override
    public void handle(Exception failure, Context ctx) {
        String request;
        try {
            request = ctx.method() + " " + ctx.path();
        } catch (RuntimeException gone) {
            request = "a request that had already ended";
        }
        failed.log("{} failed", request, failure);
        try {
            ctx.status(500).contentType(HttpApi.JSON).result(views.error("internal", "internal error"));
        } catch (RuntimeException gone) {
            LOG.debug("no answer for {}: the request had already ended", request, gone);
        }
    }
}
