package dev.roster.adapters.javalin.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.roster.application.port.out.Authenticator;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.DomainException;
import dev.roster.domain.Identity;
import dev.roster.domain.InvalidIdException;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.UserId;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates {@code ?token=<JWT>} against the configured key ({@link JwtSettings}): the signature is checked
 * with the one algorithm the key's type allows (HS256 for a secret, RS256 for an RSA key, ES256 for an EC P-256
 * key; unsigned tokens never), then the claims: {@code exp} required, {@code nbf}, {@code iss}, {@code aud},
 * {@code sub} the user id, and the optional {@code rooms} the rooms the token grants. The identity expires when the
 * token stops being accepted: at its {@code exp} plus the leeway.
 *
 * <p>Fails with {@link AuthenticationException} for a token that proves nothing, and with
 * {@link KeySetUnavailableException} when a JWKS that must be consulted cannot be fetched. A JWKS fetch happens on
 * the calling thread, bounded by the fetch timeout; the set is cached, and fetched at most once per refetch interval.
 */
public final class JwtAuthenticator implements Authenticator {
    /** The claim that lists the rooms a token grants. */
    public static final String ROOMS_CLAIM = "rooms";
    /** Tokens may say they are JWTs, or access tokens in the JWT profile (RFC 9068), or nothing. */
    private static final Set<String> TYPES = Set.of("jwt", "at+jwt");
    /** The largest key set read; a set of a few dozen keys is a few kilobytes. */
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final JwtSettings settings;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean keySet;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtAuthenticator(JwtSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** With the clock that {@code exp}, {@code nbf} and the spacing of JWKS fetches are read from. */
    JwtAuthenticator(JwtSettings settings, Clock clock) {
        this.settings = settings;
        JwtSettings.Key key = settings.key();
        JWSKeySelector<SecurityContext> keys;
        if (key instanceof JwtSettings.Secret secret) {
            algorithms = Set.of(JWSAlgorithm.HS256);
            keys = new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, new SecretKeySpec(secret.bytes(), "HmacSHA256"));
        } else if (key instanceof JwtSettings.Pem pem) {
            JWSAlgorithm alg = JWSAlgorithm.parse(pem.algorithm());
            algorithms = Set.of(alg);
            keys = new SingleKeyJWSKeySelector<>(alg, pem.key());
        } else {
            algorithms = PinnedJwkSelector.ALGORITHMS;
            keys = new PinnedJwkSelector(keySource((JwtSettings.Jwks) key, clock));
        }
        this.keySet = key instanceof JwtSettings.Jwks;
        // the type is checked before, with a clear message
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(new ClaimRules(settings, clock));
    }

    private static JWKSetBasedJWKSource<SecurityContext> keySource(JwtSettings.Jwks jwks, Clock clock) {
        int timeout = millis(jwks.fetchTimeout());
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(timeout, timeout, JWKS_SIZE_LIMIT);
        URLBasedJWKSetSource<SecurityContext> fetched;
        try {
            fetched = new URLBasedJWKSetSource<>(jwks.url().toURL(), retriever);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL is not a URL: " + jwks.shownUrl(), e);
        }
        SpacedFetches spaced = new SpacedFetches(fetched, jwks.refetchInterval(), clock, jwks.shownUrl());
        // an identity provider that is briefly away must not refuse every new connection: while refetching fails,
        // the last set fetched keeps serving, for at most the outage tolerance after it was fetched
        OutageTolerantJWKSetSource<SecurityContext> tolerant = new OutageTolerantJWKSetSource<>(spaced,
                JwtSettings.Jwks.OUTAGE_TOLERANCE.toMillis(), null);
        // a handshake waits for another's fetch at most as long as that fetch may take: connect, then read
        CachingJWKSetSource<SecurityContext> cached = new CachingJWKSetSource<>(tolerant,
                jwks.cacheLifetime().toMillis(), 2L * timeout, null);
        return new JWKSetBasedJWKSource<>(cached);
    }

    /** For the start log: the key and what the claims must say, e.g. {@code RS256 public key, leeway 5 s}. */
    public String describe() {
        return settings.describe();
    }

    @Override
    public CompletionStage<Identity> authenticate(Credentials credentials) {
        try {
            return CompletableFuture.completedFuture(verify(credentials.token()));
        } catch (AuthenticationException | KeySetUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Identity verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new AuthenticationException("token is missing: connect with ?token=<JWT>");
        }
        SignedJWT signed = signed(token);
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (ClaimRules.Refused e) {
            throw new AuthenticationException(e.getMessage());
        } catch (BadJWSException e) {
            throw new AuthenticationException("token signature is not valid");
        } catch (BadJWTException e) {
            throw new AuthenticationException("token claims are not a valid JSON object");
        } catch (BadJOSEException | RateLimitReachedException e) {
            // the algorithm was checked before: with a key set, no key has the kid, type and alg the token names
            throw new AuthenticationException(keySet ? "no key of the key set matches the token's kid and alg"
                    : "token signature is not valid");
        } catch (KeySourceException e) {
            throw new KeySetUnavailableException(
                    "the keys tokens are signed with could not be fetched; try again", e);
        } catch (JOSEException e) {
            throw new AuthenticationException("token signature could not be checked");
        }
        // the identity ends when the token is no longer accepted, so a token let in by the leeway is not cut at once
        Instant expiresAt = claims.getExpirationTime().toInstant().plus(settings.leeway());
        return new Identity(user(claims), expiresAt, rooms(claims));
    }

    // a token of the right shape, signed with an allowed algorithm: everything else is refused before any key is used
    private SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException("token is not a well-formed JWT");
        }
        if (!(jwt instanceof SignedJWT signed) || !algorithms.contains(signed.getHeader().getAlgorithm())) {
            throw new AuthenticationException("token must be signed with " + expected());
        }
        JOSEObjectType type = signed.getHeader().getType();
        if (type != null && !TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
            throw new AuthenticationException("token typ must be JWT");
        }
        return signed;
    }

    private String expected() {
        return algorithms.stream().map(JWSAlgorithm::getName).sorted().reduce((a, b) -> a + " or " + b).orElseThrow();
    }

    private static UserId user(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null) {
            throw new AuthenticationException("token has no sub");
        }
        try {
            return UserId.of(subject);
        } catch (InvalidIdException e) {
            throw new AuthenticationException("sub is not a valid user id: " + e.getMessage());
        }
    }

    private static RoomGrants rooms(JWTClaimsSet claims) {
        Object claim = claims.getClaim(ROOMS_CLAIM);
        if (claim == null) {
            return RoomGrants.NONE;
        }
        if (!(claim instanceof List<?> entries)) {
            throw new AuthenticationException("token rooms claim must be an array of strings");
        }
        List<String> names = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            if (!(entry instanceof String name)) {
                throw new AuthenticationException("token rooms claim must be an array of strings");
            }
            names.add(name);
        }
        try {
            return RoomGrants.of(names);
        } catch (DomainException e) {
            throw new AuthenticationException("token rooms claim is not valid: " + e.getMessage());
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
