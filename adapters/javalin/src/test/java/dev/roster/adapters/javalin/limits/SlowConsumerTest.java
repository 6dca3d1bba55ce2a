package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.ws.RawWsClient;
import dev.roster.testsupport.ws.RawWsClient.Frame;
import dev.roster.testsupport.ws.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A member of a room that stops reading, on a real server: its connection backs up, it is closed with 1013 and what
 * was queued for it is dropped, while every other member keeps getting every message at once.
 */
class SlowConsumerTest {
    private static final int MAX_QUEUED = 256 * 1024;

    @Test
    void a_member_that_does_not_read_is_closed_with_1013_and_the_others_get_every_message() throws Exception {
        try (TestNode node = TestNode.withSettings(s -> s.withLimits(WebLimits.DEFAULTS.withFrames(10_000, 10_000)
                .withMaxTextBytes(65_000).withMaxQueuedBytes(MAX_QUEUED)));
             RawWsClient slow = RawWsClient.open(node.server.port(), "/ws?user=slow", Map.of(), 4_096);
             WsClient ann = WsClient.connect(node.ws("user=ann"));
             WsClient bob = WsClient.connect(node.ws("user=bob"));
             WsClient dan = WsClient.connect(node.ws("user=dan"))) {
            assertThat(slow.read().text()).contains("\"welcome\"");
            slow.sendText("{\"type\":\"join\",\"id\":0,\"room\":\"lobby\"}");
            assertThat(slow.read().text()).contains("\"joined\"");
            for (WsClient c : List.of(ann, bob, dan)) {
                c.welcome();
                c.send("{\"type\":\"join\",\"id\":0,\"room\":\"lobby\"}").reply("joined", 0);
            }

            // slow reads nothing from here on; its receive window is a few KiB
            String text = "x".repeat(30_000);
            int sent = 0;
            while (node.registry.find("roster.connections.closed").tag("reason", "slow_consumer").counter() == null) {
                assertThat(sent).as("messages sent without the slow member being closed").isLessThan(2_000);
                dan.send("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"" + sent++ + " " + text + "\"}");
                if (sent % 20 == 0) {
                    // give the node a moment to write what it can
                    Thread.sleep(10);
                }
            }
            for (int i = 0; i < 5; i++) {
                dan.send("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"" + sent++ + " after\"}");
            }

            // the slow member reads at last: what got through before the close, then the close itself
            List<Frame> got = slow.readToTheEnd();
            assertThat(got).isNotEmpty();
            assertThat(got.get(got.size() - 1).opcode()).isEqualTo(Frame.CLOSE);
            assertThat(got.get(got.size() - 1).closeCode()).isEqualTo(1013);
            long messages = got.stream().filter(f -> f.opcode() == Frame.TEXT).count();
            assertThat(messages).isLessThan(sent);

            // everyone else got every message, in order
            for (WsClient c : List.of(ann, bob, dan)) {
                for (int i = 0; i < sent; i++) {
                    String prefix = i + " ";
                    c.expect("message", m -> m.path("text").asText().startsWith(prefix));
                }
                assertThat(c.isOpen()).isTrue();
            }
            // and the slow one is gone, its session with it
            await().atMost(WsClient.WAIT)
                    .until(() -> node.registry.get("roster.connections.open").gauge().value() == 3);
        }
    }
}
