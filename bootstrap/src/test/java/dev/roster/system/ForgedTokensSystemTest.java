package dev.roster.system;

import static dev.roster.system.Frames.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A forger against two Redis-backed nodes that check RS256 tokens with the identity provider's public key: every
 * token it can make without the private key (unsigned, HMAC-signed with the public key's own bytes, signed with a key
 * of its own, carrying that key in its header, expired, not yet valid, for another issuer or audience, granting
 * itself every room) is refused at the handshake, no session of the user it names is opened, and the honest members
 * of a room on both nodes keep every message while it tries.
 */
class ForgedTokensSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final String ISSUER = "https://idp.example";
    private static final String AUDIENCE = "roster";
    private static final Instant LATER = Instant.now().plusSeconds(600);

    private static RSAKey idp;
    private static String publicPem;
    private static TestNode a;
    private static TestNode b;

    @BeforeAll
    static void start() throws JOSEException {
        REDIS.flush();
        idp = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        publicPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(idp.toPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_JWT_PUBLIC_KEY", publicPem,
                "ROSTER_JWT_ISSUER", ISSUER, "ROSTER_JWT_AUDIENCE", AUDIENCE);
        a = TestNode.start("forged-a", env);
        b = TestNode.start("forged-b", env);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void every_token_made_without_the_private_key_is_refused_and_the_room_loses_nothing() throws Exception {
        RSAKey own = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        Map<String, String> forgeries = new LinkedHashMap<>();
        forgeries.put("unsigned (alg none)", new PlainJWT(new PlainHeader(), claims("victim").build()).serialize());
        forgeries.put("HS256 with the public key's bytes as the secret",
                sign(JWSAlgorithm.HS256, claims("victim"), new MACSigner(publicPem.getBytes(StandardCharsets.US_ASCII))));
        forgeries.put("signed with a key of its own under the real kid",
                sign(JWSAlgorithm.RS256, claims("victim"), new RSASSASigner(own)));
        forgeries.put("its own key carried in the header",
                signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").jwk(own.toPublicJWK()).build(),
                        claims("victim"), new RSASSASigner(own)));
        forgeries.put("granting itself every room with a key of its own",
                sign(JWSAlgorithm.RS256, claims("victim").claim("rooms", List.of("*")), new RSASSASigner(own)));
        forgeries.put("expired beyond the leeway", sign(JWSAlgorithm.RS256,
                claims("victim").expirationTime(Date.from(Instant.now().minusSeconds(60))), new RSASSASigner(idp)));
        forgeries.put("not valid for another minute", sign(JWSAlgorithm.RS256,
                claims("victim").notBeforeTime(Date.from(Instant.now().plusSeconds(60))), new RSASSASigner(idp)));
        forgeries.put("from another issuer",
                sign(JWSAlgorithm.RS256, claims("victim").issuer("https://evil.example"), new RSASSASigner(idp)));
        forgeries.put("for another audience",
                sign(JWSAlgorithm.RS256, claims("victim").audience("billing"), new RSASSASigner(idp)));
        forgeries.put("without exp", sign(JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder().subject("victim").issuer(ISSUER).audience(AUDIENCE), new RSASSASigner(idp)));
        forgeries.put("an RS512 signature by the real key",
                sign(JWSAlgorithm.RS512, claims("victim"), new RSASSASigner(idp)));
        forgeries.put("a good signature under a tampered payload", tampered(
                sign(JWSAlgorithm.RS256, claims("victim"), new RSASSASigner(idp))));

        String room = "team";
        try (WsClient ann = honest(a, "ann", room); WsClient bob = honest(b, "bob", room)) {
            int said = 0;
            for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
                for (TestNode node : List.of(a, b)) {
                    assertThat(node.anonymous().token(forgery.getValue()).refusedWith())
                            .as(forgery.getKey()).isEqualTo(401);
                }
                ann.send(say(room, "honest " + said++));
            }
            for (WsClient honest : List.of(ann, bob)) {
                for (int i = 0; i < said; i++) {
                    String text = "honest " + i;
                    honest.expect("message", m -> m.path("text").asText().equals(text));
                }
            }
            // nothing was opened for the user the forger named, on either node
            for (TestNode node : List.of(a, b)) {
                JsonNode victim = node.api().user("victim");
                assertThat(victim.path("state").asText()).isEqualTo("offline");
                assertThat(victim.path("sessions").asInt()).isZero();
            }
        }
    }

    @Test
    void the_real_key_and_claims_get_in_and_its_grants_are_honoured() throws Exception {
        try (WsClient cat = a.anonymous().token(sign(JWSAlgorithm.RS256,
                claims("cat").claim("rooms", List.of("team:*")), new RSASSASigner(idp))).connect()) {
            assertThat(cat.welcome().path("user").asText()).isEqualTo("cat");
            cat.send("{\"type\":\"join\",\"room\":\"team:1\",\"id\":1}");
            cat.expect("joined", f -> f.path("re").asInt() == 1);
            cat.send("{\"type\":\"join\",\"room\":\"dm:ann:bob\",\"id\":2}");
            JsonNode refused = cat.expect("error", f -> f.path("re").asInt() == 2);
            assertThat(refused.path("code").asText()).isEqualTo("forbidden");
        }
    }

    private static WsClient honest(TestNode node, String user, String room) throws JOSEException {
        WsClient client = node.anonymous().token(sign(JWSAlgorithm.RS256,
                claims(user).claim("rooms", List.of(room)), new RSASSASigner(idp))).connect();
        client.welcome();
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"j\"}");
        client.expect("joined", f -> f.path("re").asText().equals("j"));
        return client;
    }

    private static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(LATER));
    }

    private static String sign(JWSAlgorithm alg, JWTClaimsSet.Builder claims, JWSSigner signer) throws JOSEException {
        return signed(new JWSHeader.Builder(alg).keyID("idp-1").type(JOSEObjectType.JWT).build(), claims, signer);
    }

    private static String signed(JWSHeader header, JWTClaimsSet.Builder claims, JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    // the payload swapped for one naming another user and every room, the signature kept
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = "{\"sub\":\"victim\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
                + LATER.getEpochSecond() + ",\"rooms\":[\"*\"]}";
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
