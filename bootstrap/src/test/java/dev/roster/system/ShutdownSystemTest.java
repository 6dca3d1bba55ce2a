package dev.roster.system;

import static dev.roster.system.Frames.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.domain.UserId;
import dev.roster.testsupport.ws.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graceful stop that SIGTERM triggers: sockets closed with 1001, their sessions ended as usual. */
class ShutdownSystemTest {

    @Test
    void a_graceful_stop_closes_every_socket_with_1001() {
        try (TestNode node = TestNode.start()) {
            WsClient ann = node.client("x-ann").device("web").connect();
            WsClient annPhone = node.client("x-ann").device("phone").connect();
            WsClient bob = node.client("x-bob").connect();
            bob.send(join("x-room").put("id", 1)).reply("joined", 1);

            node.stop();

            assertThat(ann.awaitClose().code()).isEqualTo(1001);
            assertThat(annPhone.awaitClose().code()).isEqualTo(1001);
            assertThat(bob.awaitClose().code()).isEqualTo(1001);
            // the sessions ended through the normal disconnect path: none is left registered
            for (String user : List.of("x-ann", "x-bob")) {
                UserView view = node.query().user(UserId.of(user)).toCompletableFuture().join();
                assertThat(view.sessions()).as("sessions of %s", user).isEmpty();
            }
        }
    }
}
