package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * What a token's registered claims must say once its signature holds: an {@code exp} not passed, an {@code nbf}
 * (when present) reached, both with the leeway; the configured {@code iss}; an {@code aud} containing the configured
 * audience. Each refusal says which claim failed.
 */
final class ClaimRules implements JWTClaimsSetVerifier<SecurityContext> {
    private final String issuer;
    private final String audience;
    private final Duration leeway;
    private final Clock clock;

    ClaimRules(JwtSettings settings, Clock clock) {
        this.issuer = settings.issuer();
        this.audience = settings.audience();
        this.leeway = settings.leeway();
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws Refused {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Refused("token has no exp");
        }
        if (!now.isBefore(exp.toInstant().plus(leeway))) {
            throw new Refused("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(leeway))) {
            throw new Refused("token is not valid yet (nbf)");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new Refused("token iss is not " + issuer);
        }
        if (audience != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(audience)) {
                throw new Refused("token aud does not contain " + audience);
            }
        }
    }

    /** A claim the rules refuse; the message is fit to show to the client. */
    static final class Refused extends BadJWTException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
