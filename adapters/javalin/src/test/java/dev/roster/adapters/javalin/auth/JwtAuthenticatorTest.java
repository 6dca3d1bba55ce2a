package dev.roster.adapters.javalin.auth;

import dev.roster.domain.RoomGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.UserId;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {
    private static final String SECRET = "the-hs256-secret-for-these-tests";
    private static final Instant LATER = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private final JwtAuthenticator authenticator = new JwtAuthenticator(SECRET);

    @Test
    void a_good_token_names_the_user_and_expires_with_the_token() {
        Identity identity = authenticate(sign(JWT.create().withSubject("ann").withExpiresAt(LATER)));
        assertThat(identity).isEqualTo(new Identity(UserId.of("ann"), LATER, RoomGrants.ALL));
    }

    @Test
    void a_forged_signature_is_refused() {
        String forged = JWT.create().withSubject("ann").withExpiresAt(LATER).sign(Algorithm.HMAC256("other"));
        assertRefused(forged, "signature");
    }

    @Test
    void an_expired_token_is_refused() {
        assertRefused(sign(JWT.create().withSubject("ann").withExpiresAt(Instant.now().minusSeconds(5))),
                "token expired");
    }

    @Test
    void a_token_without_exp_is_refused() {
        assertRefused(sign(JWT.create().withSubject("ann")), "token has no exp");
    }

    @Test
    void a_sub_that_is_missing_or_not_a_user_id_is_refused() {
        assertRefused(sign(JWT.create().withExpiresAt(LATER)), "token has no sub");
        assertRefused(sign(JWT.create().withSubject("not a user").withExpiresAt(LATER)), "sub is not a valid user id");
    }

    @Test
    void only_hs256_is_accepted() throws Exception {
        assertRefused(JWT.create().withSubject("ann").withExpiresAt(LATER).sign(Algorithm.HMAC512(SECRET)), "HS256");
        assertRefused(JWT.create().withSubject("ann").withExpiresAt(LATER).sign(Algorithm.none()), "HS256");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        var keys = rsa.generateKeyPair();
        assertRefused(JWT.create().withSubject("ann").withExpiresAt(LATER).sign(
                Algorithm.RSA256((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate())), "HS256");
    }

    @Test
    void a_missing_or_malformed_token_is_refused() {
        assertRefused(null, "token is missing");
        assertRefused("", "token is missing");
        assertRefused("not.a.jwt", "not a well-formed JWT");
    }

    private static String sign(JWTCreator.Builder builder) {
        return builder.sign(Algorithm.HMAC256(SECRET));
    }

    private Identity authenticate(String token) {
        return authenticator.authenticate(new Credentials(token, null)).toCompletableFuture().join();
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> authenticate(token))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(AuthenticationException.class).hasMessageContaining(reason);
    }
}
