package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.roster.testsupport.ws.WsClient;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes configured with a PEM public key or a JWKS URL, from the environment to the handshake. */
class JwtKeysSystemTest {
    private static final Instant LATER = Instant.now().plusSeconds(600);

    @Test
    void a_node_with_an_rsa_public_key_takes_rs256_tokens_for_its_issuer_and_audience_and_nothing_else()
            throws JOSEException {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String pem = pem(rsa.toPublicKey().getEncoded());
        try (TestNode node = TestNode.start(Map.of("ROSTER_JWT_PUBLIC_KEY", pem,
                "ROSTER_JWT_ISSUER", "https://idp.example", "ROSTER_JWT_AUDIENCE", "roster"))) {
            String good = sign(JWSAlgorithm.RS256, null, claims("pem-ann").issuer("https://idp.example")
                    .audience(List.of("api", "roster")), new RSASSASigner(rsa));
            try (WsClient ann = node.anonymous().token(good).connect()) {
                assertThat(ann.welcome().path("user").asText()).isEqualTo("pem-ann");
            }

            String otherAudience = sign(JWSAlgorithm.RS256, null, claims("pem-eve").issuer("https://idp.example")
                    .audience("billing"), new RSASSASigner(rsa));
            String confused = sign(JWSAlgorithm.HS256, null, claims("pem-eve").issuer("https://idp.example")
                    .audience("roster"), new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
            assertThat(node.anonymous().token(otherAudience).refusedWith()).isEqualTo(401);
            assertThat(node.anonymous().token(confused).refusedWith()).isEqualTo(401);
        }
    }

    @Test
    void a_node_with_a_jwks_url_takes_tokens_signed_with_the_key_their_kid_names() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        HttpServer idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] keys = new JWKSet(ec).toString(true).getBytes(StandardCharsets.UTF_8);
        idp.createContext("/jwks.json", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, keys.length);
                out.write(keys);
            }
        });
        idp.start();
        String url = "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json";
        try (TestNode node = TestNode.start(Map.of("ROSTER_JWT_JWKS_URL", url))) {
            String good = sign(JWSAlgorithm.ES256, "ec-1", claims("jwks-ann"), new ECDSASigner(ec));
            try (WsClient ann = node.anonymous().token(good).connect()) {
                assertThat(ann.welcome().path("user").asText()).isEqualTo("jwks-ann");
            }

            ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
            String unknownKid = sign(JWSAlgorithm.ES256, "ec-2", claims("jwks-eve"), new ECDSASigner(stranger));
            assertThat(node.anonymous().token(unknownKid).refusedWith()).isEqualTo(401);
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void a_node_whose_key_set_cannot_be_fetched_answers_unavailable_rather_than_unauthorized() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        String url = "http://127.0.0.1:" + closedPort + "/jwks.json";
        try (TestNode node = TestNode.start(Map.of("ROSTER_JWT_JWKS_URL", url))) {
            String token = sign(JWSAlgorithm.ES256, "ec-1", claims("jwks-ann"), new ECDSASigner(ec));
            // the token may well be good: the client is told to try again, not that its credentials are bad
            assertThat(node.anonymous().token(token).refusedWith()).isEqualTo(503);
            assertThat(node.anonymous().token(token).refusedWith()).isEqualTo(503);
        }
    }

    private static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).expirationTime(Date.from(LATER));
    }

    private static String sign(JWSAlgorithm alg, String kid, JWTClaimsSet.Builder claims, JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }
}
