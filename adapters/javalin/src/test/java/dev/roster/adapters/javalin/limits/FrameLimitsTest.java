package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.ws.WsClient;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An attacker floods its socket beside honest clients, on a real server with the contract's default limits. */
class FrameLimitsTest {

    @Test
    void a_flood_is_refused_unread_answered_sparingly_and_honest_members_lose_nothing() throws Exception {
        try (TestNode node = TestNode.withSettings(s -> s.withLimits(WebLimits.DEFAULTS));
             WsClient ann = WsClient.connect(node.ws("user=ann"));
             WsClient bob = WsClient.connect(node.ws("user=bob"));
             WsClient mallory = WsClient.connect(node.ws("user=mallory"))) {
            for (WsClient c : List.of(ann, bob, mallory)) {
                c.welcome();
                c.send("{\"type\":\"join\",\"id\":0,\"room\":\"lobby\"}").reply("joined", 0);
            }
            long started = System.nanoTime();
            for (int i = 1; i <= 1_000; i++) {
                mallory.send("{\"type\":\"say\",\"id\":" + i + ",\"room\":\"lobby\",\"text\":\"spam " + i + "\"}");
            }
            // every frame of the flood reached the server: taken in, or refused
            await().atMost(WsClient.WAIT).until(() -> count(node, "roster.frames.refused", "reason", "rate_limited")
                    + count(node, "roster.frames.in", "type", "say") == 1_000);
            long floodMs = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < 20; i++) {
                bob.send("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"honest " + i + "\"}");
            }

            long refused = (long) counter(node, "roster.frames.refused", "reason", "rate_limited").count();
            assertThat(refused).isPositive();
            // what was admitted is at most the burst and what the rate refilled meanwhile
            assertThat(1_000 - refused).isLessThanOrEqualTo(200 + floodMs / 10 + 1);
            // every admitted say reached the room, and not one refused say did
            await().atMost(WsClient.WAIT).until(() -> ann.frames("message").stream()
                    .filter(m -> m.path("from").asText().equals("mallory")).count() == 1_000 - refused);
            for (int i = 0; i < 20; i++) {
                int n = i;
                ann.expect("message", m -> m.path("text").asText().equals("honest " + n));
            }

            List<JsonNode> limited = mallory.frames("error");
            assertThat(limited).isNotEmpty().allMatch(e -> e.path("code").asText().equals("rate_limited"));
            // the answer carries the id of the frame it refused
            assertThat(limited.get(0).path("re").isNumber()).isTrue();
            assertThat(limited.get(0).path("re").asInt()).isBetween(2, 1_000);
            // one answer at most per 100 ms of flood, not one per refused frame
            assertThat((long) limited.size()).isLessThanOrEqualTo(2 + floodMs / 100).isLessThan(refused);
            assertThat(counter(node, "roster.errors", "code", "rate_limited").count()).isEqualTo(limited.size());

            // a burst is not abuse: once the budget refilled, the socket is served again
            Thread.sleep(1_100);
            mallory.send("{\"type\":\"ping\",\"id\":\"after\"}");
            mallory.expect("pong", p -> p.path("re").asText().equals("after"));
            assertThat(mallory.isOpen()).isTrue();
        }
    }

    @Test
    void a_client_still_over_its_rate_5_s_after_it_went_over_is_closed_with_1008() throws Exception {
        try (TestNode node = TestNode.withSettings(s -> s.withLimits(WebLimits.DEFAULTS.withFrames(20, 20)));
             WsClient ann = WsClient.connect(node.ws("user=ann"));
             WsClient bob = WsClient.connect(node.ws("user=bob"));
             WsClient mallory = WsClient.connect(node.ws("user=mallory"))) {
            for (WsClient c : List.of(ann, bob, mallory)) {
                c.welcome();
                c.send("{\"type\":\"join\",\"id\":0,\"room\":\"lobby\"}").reply("joined", 0);
            }
            // two and a half times its rate, steadily: never a quiet second
            long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            int sent = 0;
            while (!mallory.isClosed() && System.nanoTime() < deadline) {
                try {
                    mallory.send("{\"type\":\"ping\",\"id\":" + sent++ + "}");
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
                Thread.sleep(20);
            }
            WsClient.Closed closed = mallory.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(mallory.frames("error")).isNotEmpty();
            await().atMost(WsClient.WAIT).until(() -> node.registry.find("roster.connections.closed")
                    .tag("reason", "rate_limited").counter() != null);

            bob.send("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"still here\"}");
            ann.expect("message", m -> m.path("text").asText().equals("still here"));
            assertThat(ann.isOpen()).isTrue();
            assertThat(bob.frames("error")).isEmpty();
        }
    }

    @Test
    void a_say_text_over_max_text_bytes_is_too_large_and_the_connection_stays_open() throws Exception {
        try (TestNode node = TestNode.withSettings(s -> s.withLimits(WebLimits.DEFAULTS));
             WsClient ann = WsClient.connect(node.ws("user=ann"))) {
            ann.welcome();
            ann.send("{\"type\":\"join\",\"id\":0,\"room\":\"lobby\"}").reply("joined", 0);
            // 2048 two-byte characters: 4096 bytes, the most allowed
            String most = "é".repeat(2_048);
            ann.send("{\"type\":\"say\",\"id\":1,\"room\":\"lobby\",\"text\":\"" + most + "\"}");
            ann.expect("message", m -> m.path("text").asText().equals(most));

            ann.send("{\"type\":\"say\",\"id\":2,\"room\":\"lobby\",\"text\":\"" + most + "x\"}");
            JsonNode error = ann.reply("error", 2);
            assertThat(error.path("code").asText()).isEqualTo("too_large");
            assertThat(ann.frames("message")).hasSize(1);

            ann.send("{\"type\":\"ping\",\"id\":3}");
            ann.reply("pong", 3);
            assertThat(counter(node, "roster.errors", "code", "too_large").count()).isEqualTo(1);
        }
    }

    @Test
    void the_text_limit_is_configurable() throws Exception {
        try (TestNode node = TestNode.withSettings(s -> s.withLimits(WebLimits.DEFAULTS.withMaxTextBytes(10)));
             WsClient ann = WsClient.connect(node.ws("user=ann"))) {
            ann.welcome();
            ann.send("{\"type\":\"join\",\"id\":0,\"room\":\"lobby\"}").reply("joined", 0);
            ann.send("{\"type\":\"say\",\"id\":1,\"room\":\"lobby\",\"text\":\"0123456789A\"}");
            assertThat(ann.reply("error", 1).path("code").asText()).isEqualTo("too_large");
            ann.send("{\"type\":\"say\",\"id\":2,\"room\":\"lobby\",\"text\":\"0123456789\"}");
            ann.expect("message", m -> m.path("text").asText().equals("0123456789"));
        }
    }

    private static long count(TestNode node, String name, String tag, String value) {
        Counter counter = node.registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static Counter counter(TestNode node, String name, String tag, String value) {
        Counter counter = node.registry.find(name).tag(tag, value).counter();
        assertThat(counter).as("%s{%s=%s}", name, tag, value).isNotNull();
        return counter;
    }
}
