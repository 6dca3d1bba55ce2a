package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.adapters.javalin.WebUseCases;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.Rejection;
import dev.roster.testsupport.ws.WsClient;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A session refused after the upgrade: by a limit it is policy (1008), by a failure it is the server's (1011). */
class RejectedConnectTest {

    @Test
    void a_connect_refused_by_the_presence_model_is_closed_with_1008() {
        Rejection rejection = Rejection.NO_SESSION;
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
                web.adminDisconnect(), web.health());
    }
}
