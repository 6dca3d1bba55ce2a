package dev.roster.adapters.javalin.auth;

import dev.roster.domain.RoomGrants;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.application.port.out.Authenticator;
import dev.roster.domain.InvalidIdException;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates {@code ?token=<JWT>}: HS256 only, signature verified, {@code exp} required and enforced,
 * {@code sub} the user id. The identity expires with the token.
 */
public final class JwtAuthenticator implements Authenticator {
    private final JWTVerifier verifier;

    public JwtAuthenticator(String hs256Secret) {
        if (hs256Secret == null || hs256Secret.isEmpty()) {
            throw new IllegalArgumentException("a JWT secret is required");
        }
        this.verifier = JWT.require(Algorithm.HMAC256(hs256Secret)).withClaimPresence("exp").build();
    }

    @Override
    public CompletionStage<Identity> authenticate(Credentials credentials) {
        try {
            return CompletableFuture.completedFuture(verify(credentials.token()));
        } catch (AuthenticationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Identity verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new AuthenticationException("token is missing: connect with ?token=<JWT>");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw new AuthenticationException(reason(e));
        }
        String subject = jwt.getSubject();
        if (subject == null) {
            throw new AuthenticationException("token has no sub");
        }
        try {
            return new Identity(UserId.of(subject), jwt.getExpiresAtAsInstant(), RoomGrants.ALL);
        } catch (InvalidIdException e) {
            throw new AuthenticationException("sub is not a valid user id: " + e.getMessage());
        }
    }

    // says what was wrong without echoing the token or the secret
    private static String reason(JWTVerificationException e) {
        if (e instanceof TokenExpiredException) {
            return "token expired";
        }
        if (e instanceof AlgorithmMismatchException) {
            return "token must be signed with HS256";
        }
        if (e instanceof SignatureVerificationException) {
            return "token signature is not valid";
        }
        if (e instanceof MissingClaimException missing) {
            return "token has no " + missing.getClaimName();
        }
        if (e instanceof JWTDecodeException) {
            return "token is not a well-formed JWT";
        }
        return "token is not valid";
    }
}
