package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a fetch of the key set through at most once per interval, whatever asks for it: anyone may send tokens
 * naming made-up {@code kid}s, and each would otherwise cost the identity provider a request. Inside the interval
 * a request is refused at once: with {@link RateLimitReachedException} after a fetch that worked (the set in the
 * cache is current, so the {@code kid} is simply unknown), with {@link JWKSetUnavailableException} after one that
 * failed (there may be no usable set at all).
 */
final class SpacedFetches extends JWKSetSourceWrapper<SecurityContext> {
    private static final Logger LOG = LoggerFactory.getLogger(SpacedFetches.class);

    private final Duration interval;
    private final Clock clock;
    private final String shownUrl;
    private Instant last;
    private boolean lastFailed;

    SpacedFetches(JWKSetSource<SecurityContext> source, Duration interval, Clock clock, String shownUrl) {
        super(source);
        this.interval = interval;
        this.clock = clock;
        this.shownUrl = shownUrl;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        synchronized (this) {
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.plus(interval))) {
                if (lastFailed) {
                    long wait = Math.max(1, Duration.between(now, last.plus(interval)).toSeconds());
                    throw new JWKSetUnavailableException("the key set at " + shownUrl
                            + " could not be fetched; next try in " + wait + " s");
                }
                throw new RateLimitReachedException();
            }
            last = now;
        }
        try {
            JWKSet set = getSource().getJWKSet(refreshEvaluator, currentTime, context);
            succeeded(true);
            return set;
        } catch (KeySourceException | RuntimeException e) {
            succeeded(false);
            LOG.warn("the key set at {} could not be fetched (next try in {} s at the earliest): {}", shownUrl,
                    interval.toSeconds(), e.getMessage());
            throw e;
        }
    }

    private synchronized void succeeded(boolean worked) {
        lastFailed = !worked;
    }
}
