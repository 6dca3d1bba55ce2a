package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.WebUseCases;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.Rejection;
import dev.roster.testsupport.ws.RawWsClient;
import dev.roster.testsupport.ws.RawWsClient.Answer;
import dev.roster.testsupport.ws.WsClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A session refused after the upgrade: by a limit it is policy (1008), by a failure it is the server's (1011). */
class RejectedConnectTest {

    @Test
    void a_handshake_of_a_user_with_too_many_sessions_is_answered_429_flat_with_retry_after() throws Exception {
        try (TestNode node = TestNode.withUseCases(web -> new WebUseCases(credentials -> CompletableFuture
                        .failedFuture(new PresenceRejectedException(Rejection.TOO_MANY_SESSIONS)), web.connect(),
                web.disconnect(), web.join(), web.leave(), web.setStatus(), web.say(), web.who(), web.query(),
                web.adminDisconnect(), web.health(), web.events(), web.delivery()), UnaryOperator.identity())) {
            Answer answer = RawWsClient.handshake(node.server.port(), "/ws?user=ann", Map.of());
            assertThat(answer.status()).isEqualTo(429);
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertThat(body.path("error").asText()).isEqualTo("too_many_sessions");
            assertThat(body.path("message").asText()).isNotBlank();
            assertThat(node.registry.get("roster.handshakes.refused").tag("code", "too_many_sessions").counter()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void a_connect_that_lost_the_race_for_the_last_session_is_closed_with_1008() {
        Rejection rejection = Rejection.TOO_MANY_SESSIONS;
        try (TestNode node = TestNode.withUseCases(connectFailsWith(new PresenceRejectedException(rejection)),
                UnaryOperator.identity());
             WsClient ann = WsClient.connect(node.ws("user=ann"))) {
            assertThat(ann.expect("error").path("code").asText()).isEqualTo(rejection.code());
            assertThat(ann.awaitClose().code()).isEqualTo(1008);
            await().atMost(WsClient.WAIT).until(() -> node.registry.find("roster.connections.closed")
                    .tag("reason", "rejected").counter() != null);
        }
    }

    @Test
    void a_connect_that_fails_is_closed_with_1011() {
        try (TestNode node = TestNode.withUseCases(connectFailsWith(new IllegalStateException("broken")),
                UnaryOperator.identity());
             WsClient ann = WsClient.connect(node.ws("user=ann"))) {
            assertThat(ann.expect("error").path("code").asText()).isEqualTo("internal");
            assertThat(ann.awaitClose().code()).isEqualTo(1011);
        }
    }

    private static UnaryOperator<WebUseCases> connectFailsWith(RuntimeException failure) {
        return web -> new WebUseCases(web.authenticate(), command -> CompletableFuture.failedFuture(failure),
                web.disconnect(), web.join(), web.leave(), web.setStatus(), web.say(), web.who(), web.query(),
                web.adminDisconnect(), web.health(), web.events(), web.delivery());
    }
}
