package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.ws.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jwt} handshakes and the Origin check, against a node that requires tokens and allows one origin. */
class AuthSystemTest {
    private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";
    private static final String ALLOWED = "https://app.example";

    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start(
            Map.of("ROSTER_JWT_SECRET", SECRET, "ROSTER_ALLOWED_ORIGINS", ALLOWED)));

    private static String token(String secret, String user, Instant expiresAt) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().subject(user).expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_good_token_connects_as_its_subject() {
        String token = token(SECRET, "jwt-ann", Instant.now().plusSeconds(600));
        try (WsClient ann = NODE.get().anonymous().token(token).connect()) {
            assertThat(ann.welcome().path("user").asText()).isEqualTo("jwt-ann");
        }
    }

    @Test
    void a_forged_or_expired_token_is_refused_with_401() {
        String forged = token("some-other-secret-that-is-long-enough", "jwt-eve", Instant.now().plusSeconds(600));
        String expired = token(SECRET, "jwt-old", Instant.now().minusSeconds(60));

        assertThat(NODE.get().anonymous().token(forged).refusedWith()).isEqualTo(401);
        assertThat(NODE.get().anonymous().token(expired).refusedWith()).isEqualTo(401);
        assertThat(NODE.get().anonymous().token("not.a.jwt").refusedWith()).isEqualTo(401);
        assertThat(NODE.get().anonymous().refusedWith()).isEqualTo(401);
    }

    @Test
    void under_jwt_a_plain_user_name_proves_nothing() {
        assertThat(NODE.get().client("jwt-mallory").refusedWith()).isEqualTo(401);
    }

    @Test
    void a_token_that_expires_while_connected_is_closed_with_1008() {
        String token = token(SECRET, "jwt-brief", Instant.now().plusSeconds(3));
        WsClient brief = NODE.get().anonymous().token(token).connect();

        assertThat(brief.awaitClose().code()).isEqualTo(1008);
    }

    @Test
    void a_foreign_origin_is_refused_with_403_before_credentials_are_looked_at() {
        String good = token(SECRET, "jwt-web", Instant.now().plusSeconds(600));

        assertThat(NODE.get().anonymous().token(good).origin("https://evil.example").refusedWith()).isEqualTo(403);
        assertThat(NODE.get().anonymous().token("forged").origin("https://evil.example").refusedWith()).isEqualTo(403);
        try (WsClient web = NODE.get().anonymous().token(good).origin(ALLOWED).connect()) {
            assertThat(web.welcome().path("user").asText()).isEqualTo("jwt-web");
        }
    }
}
