package dev.roster.adapters.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.auth.JwtAuthenticator;
import dev.roster.adapters.javalin.auth.JwtSettings;
import dev.roster.adapters.javalin.support.RawHttp;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.domain.Presence;
import dev.roster.domain.UserId;
import dev.roster.testsupport.ws.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What happens around a connection's life: a graceful stop, a store that is down, a token that expires. */
class ServerLifecycleTest {
    private static final String SECRET = "a-test-secret-of-some-length-0123456789";

    @Test
    void stop_closes_every_socket_with_1001_and_waits_for_their_disconnects() throws Exception {
        TestNode node = TestNode.start(new DevAuthenticator(), null);
        try (WsClient ann = WsClient.connect(node.ws("user=ann")); WsClient bob = WsClient.connect(node.ws("user=bob"))) {
            ann.next();
            bob.next();
            node.server.stop();

            assertThat(ann.awaitClose()).isEqualTo(new WsClient.Closed(1001, "server shutting down"));
            assertThat(bob.awaitClose().code()).isEqualTo(1001);
            // stop returned only after both disconnects reached the application
            assertThat(sessions(node, "ann")).isZero();
            assertThat(sessions(node, "bob")).isZero();
        } finally {
            node.close();
        }
    }

    @Test
    void while_the_store_is_down_a_handshake_is_refused_with_503_and_says_why() throws Exception {
        try (TestNode node = TestNode.start(new DevAuthenticator(), null)) {
            node.store.down(true);
            assertThat(node.get("/health/ready", null).statusCode()).isEqualTo(503);
            // a probe that asks with HEAD hears the same
            assertThat(node.head("/health/ready").statusCode()).isEqualTo(503);
            assertThat(node.head("/health/live").statusCode()).isEqualTo(200);
            assertThat(node.get("/api/online/count", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(503);
            String answer = RawHttp.upgrade(node.server.port(), "/ws?user=cat", null);
            assertThat(answer).startsWith("HTTP/1.1 503");
            assertThat(answer).contains("{\"error\":{\"code\":\"unavailable\"", "presence store is unavailable");
            // the client's own mistakes are still told apart from a store that is away
            assertThat(RawHttp.upgrade(node.server.port(), "/ws", null)).startsWith("HTTP/1.1 401");

            node.store.down(false);
            assertThat(node.get("/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(node.head("/health/ready").statusCode()).isEqualTo(200);
            try (WsClient cat = WsClient.connect(node.ws("user=cat"))) {
                assertThat(cat.next().get("type").asText()).isEqualTo("welcome");
            }
        }
    }

    @Test
    void a_connect_the_store_refuses_after_the_handshake_gets_unavailable_and_close_1011() throws Exception {
        try (TestNode node = TestNode.start(new DevAuthenticator(), null)) {
            node.store.hold();
            try (WsClient cat = WsClient.connect(node.ws("user=cat"))) {
                // the store goes away between the upgrade and the session's registration
                node.store.down(true);
                node.store.release();
                JsonNode error = cat.next();
                assertThat(error.get("type").asText()).isEqualTo("error");
                assertThat(error.get("code").asText()).isEqualTo("unavailable");
                assertThat(cat.awaitClose().code()).isEqualTo(1011);
            }
        }
    }

    @Test
    void a_jwt_connection_is_closed_with_1008_when_its_token_expires() throws Exception {
        // no leeway: the connection ends right at exp
        JwtSettings settings = JwtSettings.hs256(SECRET).withLeeway(Duration.ZERO);
        try (TestNode node = TestNode.start(new JwtAuthenticator(settings), null)) {
            String token = token(SECRET, "dan", Instant.now().plusSeconds(2));
            try (WsClient dan = WsClient.connect(node.ws("token=" + token))) {
                assertThat(dan.next().get("user").asText()).isEqualTo("dan");
                assertThat(dan.awaitClose()).isEqualTo(new WsClient.Closed(1008, "token expired"));
            }
            String forged = token("another-secret-of-at-least-32-bytes", "dan", Instant.now().plusSeconds(60));
            assertThat(WsClient.refusedStatus(node.ws("token=" + forged), Map.of())).isEqualTo(401);
            assertThat(WsClient.refusedStatus(node.ws("user=dan"), Map.of())).isEqualTo(401);
        }
    }

    @Test
    void a_socket_that_closes_before_its_session_is_registered_is_disconnected_once_registration_completes()
            throws Exception {
        try (TestNode node = TestNode.start(new DevAuthenticator(), null)) {
            node.store.hold();
            WsClient gil = WsClient.connect(node.ws("user=gil"));
            gil.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> node.registry
                    .get("roster.connections.open").gauge().value() == 0);
            node.store.release();

            await().atMost(Duration.ofSeconds(5)).until(() -> node.registry.get("roster.transitions")
                    .tag("kind", "session_closed").counter().count() == 1);
            assertThat(sessions(node, "gil")).isZero();
            // a stop waits for every pending disconnect, so a second one would have been counted by now
            node.server.stop();
            assertThat(node.registry.get("roster.transitions").tag("kind", "session_closed").counter().count())
                    .isEqualTo(1);
            assertThat(node.registry.get("roster.transitions").tag("kind", "session_opened").counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void the_smallest_allowed_thread_pool_serves_sockets_and_http() throws Exception {
        try (TestNode node = TestNode.withThreads(WebSettings.MIN_THREADS);
             WsClient hana = WsClient.connect(node.ws("user=hana"))) {
            assertThat(hana.next().get("type").asText()).isEqualTo("welcome");
            assertThat(node.get("/api/users/hana", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void server_pings_keep_a_quiet_client_open_past_the_idle_timeout() throws Exception {
        try (TestNode node = TestNode.start(new DevAuthenticator(), Duration.ofMillis(800), Duration.ofMillis(200));
             WsClient fay = WsClient.connect(node.ws("user=fay"))) {
            fay.next();
            // quiet for more than twice the idle timeout; only the server's pings (and the client's pongs) flow
            assertThat(fay.poll(Duration.ofMillis(2_000))).isNull();
            assertThat(fay.isClosed()).isFalse();
            fay.send("{\"type\":\"ping\"}");
            assertThat(fay.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_client_that_answers_nothing_is_dropped_after_the_idle_timeout() throws Exception {
        try (TestNode node = TestNode.start(new DevAuthenticator(), Duration.ofMillis(800), Duration.ofMillis(200))) {
            assertThat(RawHttp.silentClientIsDropped(node.server.port(), "/ws?user=ike", Duration.ofSeconds(5)))
                    .isTrue();
        }
    }

    @Test
    void listed_origins_replace_the_same_origin_rule() throws Exception {
        try (TestNode node = TestNode.start(new DevAuthenticator(), "https://app.example, https://admin.example:8443")) {
            String own = "http://127.0.0.1:" + node.server.port();
            assertThat(WsClient.refusedStatus(node.ws("user=eve"), Map.of("Origin", own))).isEqualTo(403);
            try (WsClient eve = WsClient.connect(node.ws("user=eve"), Map.of("Origin", "https://admin.example:8443"))) {
                assertThat(eve.next().get("type").asText()).isEqualTo("welcome");
            }
        }
    }

    private static int sessions(TestNode node, String user) {
        Presence presence = node.store.find(UserId.of(user)).toCompletableFuture().join();
        return presence.sessions().size();
    }

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
}
