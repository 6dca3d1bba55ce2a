package dev.roster.adapters.javalin.auth;

import static dev.roster.adapters.javalin.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Tokens checked with a PEM public key: RS256 with an RSA key, ES256 with an EC P-256 key, nothing else. */
class PublicKeyAuthenticationTest {
    private static final Instant LATER = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
    private static final RSAKey RSA = Tokens.rsa("r1");
    private static final ECKey EC = Tokens.ec("e1");

    private final String rsaPem = pem(RSA);
    private final String ecPem = pem(EC);
    private final JwtAuthenticator byRsa = new JwtAuthenticator(JwtSettings.publicKey(rsaPem));
    private final JwtAuthenticator byEc = new JwtAuthenticator(JwtSettings.publicKey(ecPem));

    @Test
    void an_rs256_token_is_accepted_with_the_rsa_key_and_an_es256_token_with_the_ec_key() {
        Identity ann = authenticate(byRsa, Tokens.rs256(RSA, claims("ann", LATER).claim("rooms", List.of("lobby"))));
        assertThat(ann.user()).isEqualTo(UserId.of("ann"));
        assertThat(ann.expiresAt()).isEqualTo(LATER.plus(JwtSettings.DEFAULT_LEEWAY));

        assertThat(authenticate(byEc, Tokens.es256(EC, claims("bob", LATER))).user()).isEqualTo(UserId.of("bob"));
        assertThat(byRsa.describe()).startsWith("RS256 public key");
        assertThat(byEc.describe()).startsWith("ES256 public key");
    }

    @Test
    void a_token_signed_with_another_key_of_the_same_type_is_refused() {
        assertRefused(byRsa, Tokens.rs256(Tokens.rsa("r1"), claims("ann", LATER)), "token signature is not valid");
        assertRefused(byEc, Tokens.es256(Tokens.ec("e1"), claims("ann", LATER)), "token signature is not valid");
    }

    @Test
    void an_hs256_token_made_with_the_public_key_as_its_secret_is_refused() {
        // the classic confusion: a verifier that lets the token pick the algorithm would check this HMAC with the
        // very bytes the attacker used, the public key everybody has
        String confused = Tokens.hs256(rsaPem.getBytes(StandardCharsets.US_ASCII), claims("mallory", LATER));
        assertRefused(byRsa, confused, "token must be signed with RS256");

        String confusedEc = Tokens.hs256(ecPem.getBytes(StandardCharsets.US_ASCII), claims("mallory", LATER));
        assertRefused(byEc, confusedEc, "token must be signed with ES256");
    }

    @Test
    void the_algorithm_is_the_keys_not_the_tokens() throws Exception {
        assertRefused(byEc, Tokens.rs256(RSA, claims("ann", LATER)), "token must be signed with ES256");
        assertRefused(byRsa, Tokens.es256(EC, claims("ann", LATER)), "token must be signed with RS256");
        // the same RSA key, another hash
        String ps256 = Tokens.sign(new JWSHeader(JWSAlgorithm.PS256), claims("ann", LATER),
                new RSASSASigner(RSA.toPrivateKey()));
        assertRefused(byRsa, ps256, "token must be signed with RS256");
        String rs512 = Tokens.sign(new JWSHeader(JWSAlgorithm.RS512), claims("ann", LATER),
                new RSASSASigner(RSA.toPrivateKey()));
        assertRefused(byRsa, rs512, "token must be signed with RS256");
        String es384ish = Tokens.sign(new JWSHeader(JWSAlgorithm.ES384), claims("ann", LATER),
                new ECDSASigner(Tokens.ec("e2", Curve.P_384)));
        assertRefused(byEc, es384ish, "token must be signed with ES256");
    }

    @Test
    void an_unsigned_token_is_refused() {
        assertRefused(byRsa, Tokens.unsigned(claims("ann", LATER)), "token must be signed with RS256");
        assertRefused(byEc, Tokens.unsigned(claims("ann", LATER)), "token must be signed with ES256");
    }

    @Test
    void the_claim_rules_hold_with_a_public_key_too() {
        assertRefused(byRsa, Tokens.rs256(RSA, claims("ann", Instant.now().minusSeconds(60))), "token expired");
        assertRefused(byEc, Tokens.es256(EC, new JWTClaimsSet.Builder().subject("ann")),
                "token has no exp");
    }

    private static String pem(RSAKey key) {
        try {
            return Tokens.pem(key.toPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(ECKey key) {
        try {
            return Tokens.pem(key.toPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Identity authenticate(JwtAuthenticator authenticator, String token) {
        return authenticator.authenticate(new Credentials(token, null)).toCompletableFuture().join();
    }

    private static void assertRefused(JwtAuthenticator authenticator, String token, String reason) {
        assertThatThrownBy(() -> authenticate(authenticator, token))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(AuthenticationException.class).hasMessageContaining(reason);
    }
}
