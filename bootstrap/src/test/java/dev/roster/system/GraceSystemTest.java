package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.RoomsSystemTest.about;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reconnects inside the grace period announce nothing; after it, offline then online. */
class GraceSystemTest {
    // long enough that a reconnect on a loaded machine still lands inside it
    private static final Duration GRACE = Duration.ofMillis(1500);

    @Test
    void a_reconnect_inside_the_grace_period_announces_nothing_and_one_after_it_announces_offline_then_online()
            throws InterruptedException {
        try (TestNode node = TestNode.start(Map.of("ROSTER_GRACE_MS", Long.toString(GRACE.toMillis())));
             WsClient bob = node.client("g-bob").connect()) {
            bob.send(join("g-room").put("id", 1)).reply("joined", 1);
            WsClient ann = node.client("g-ann").connect();
            ann.send(join("g-room").put("id", 2)).reply("joined", 2);
            bob.expect("presence", about("g-room", "g-ann", "online"));

            ann.close();
            // the reconnect comes once the node has ended the first session: before that it is a second tab,
            // which the room is told about (sessions 2, then 1), not a reconnect
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(node.api().user("g-ann").path("sessions").asInt()).isZero());
            WsClient annAgain = node.client("g-ann").connect();
            annAgain.send(join("g-room").put("id", 3)).reply("joined", 3);
            Grace.passIt(GRACE);

            try (WsClient marker = node.client("g-marker").connect()) {
                marker.send(join("g-room").put("id", 4)).reply("joined", 4);
                bob.expect("presence", about("g-room", "g-marker", "online"));
            }
            assertThat(bob.unread("presence", f -> f.path("user").asText().equals("g-ann"))).isEmpty();
            assertThat(node.api().user("g-ann").path("state").asText()).isEqualTo("online");

            annAgain.close();
            bob.expect("presence", about("g-room", "g-ann", "offline"));
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(node.api().user("g-ann").path("state").asText()).isEqualTo("offline"));

            try (WsClient annLater = node.client("g-ann").connect()) {
                annLater.send(join("g-room").put("id", 5)).reply("joined", 5);
                bob.expect("presence", about("g-room", "g-ann", "online"));
            }
        }
    }
}
