package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.RawWsClient;
import dev.roster.testsupport.ws.RawWsClient.Answer;
import dev.roster.testsupport.ws.RawWsClient.Frame;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attackers against two Redis-backed nodes behind a trusted proxy (127.0.0.1, which forwards each client's address),
 * configured as an operator would: a frame flood (answered rate_limited, then closed with 1008), a member that stops
 * reading (closed with 1013), too many connections and handshakes from one forwarded address (429), an oversized
 * text (too_large). Honest members on both nodes, each from an address of its own, keep every message throughout.
 */
class LimitsSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    // below the 32768 characters a say text may have whatever the byte limit
    private static final int MAX_TEXT = 30_000;

    private static TestNode a;
    private static TestNode b;

    @BeforeAll
    static void start() {
        REDIS.flush();
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev",
                "ROSTER_TRUSTED_PROXIES", "127.0.0.1",
                "ROSTER_MAX_CONNECTIONS_PER_ADDRESS", "3",
                "ROSTER_HANDSHAKES_PER_ADDRESS_PER_S", "5",
                "ROSTER_MAX_TEXT_BYTES", Integer.toString(MAX_TEXT),
                "ROSTER_MAX_QUEUED_BYTES", "65536",
                "ROSTER_MAX_SESSIONS_PER_USER", "2");
        a = TestNode.start("limits-a", env);
        b = TestNode.start("limits-b", env);
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
    void a_frame_flood_is_answered_rate_limited_then_closed_with_1008_and_the_room_loses_nothing() throws Exception {
        String room = "flood";
        try (WsClient ann = honest(a, "ann", room);
             WsClient bob = honest(b, "bob", room);
             RawWsClient mallory = RawWsClient.open(a.port(), "/ws?user=mallory",
                     Map.of("X-Forwarded-For", "198.51.100.66"), 0)) {
            assertThat(mallory.read().text()).contains("welcome");
            mallory.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            int flooded = 0;
            int said = 0;
            long deadline = System.nanoTime() + 12_000_000_000L;
            // ten times its rate, without pause: the node must cut it off 5 s after it first went over
            while (System.nanoTime() < deadline && !closedFor(a, "rate_limited")) {
                for (int i = 0; i < 20; i++) {
                    mallory.sendText("{\"type\":\"say\",\"id\":" + flooded++ + ",\"room\":\"" + room
                            + "\",\"text\":\"spam\"}");
                }
                bob.send(say(room, "honest " + said++));
                Thread.sleep(20);
            }
            assertThat(closedFor(a, "rate_limited")).isTrue();
            List<Frame> got = mallory.readToTheEnd();
            List<JsonNode> errors = got.stream().filter(f -> f.opcode() == Frame.TEXT)
                    .map(f -> parse(f.text())).filter(f -> f.path("type").asText().equals("error")).toList();
            assertThat(errors).isNotEmpty()
                    .allMatch(e -> e.path("code").asText().equals("rate_limited") && e.path("re").isNumber());
            // the answers are few: not one per refused frame
            assertThat(errors.size()).isLessThan(flooded / 10);
            assertThat(got.get(got.size() - 1).opcode()).isEqualTo(Frame.CLOSE);
            assertThat(got.get(got.size() - 1).closeCode()).isEqualTo(1008);

            for (WsClient honest : List.of(ann, bob)) {
                for (int i = 0; i < said; i++) {
                    String text = "honest " + i;
                    honest.expect("message", m -> m.path("text").asText().equals(text));
                }
            }
            assertThat(metric(a, "roster_frames_refused_total{reason=\"rate_limited\"}")).isPositive();
            assertThat(ann.isOpen() && bob.isOpen()).isTrue();
        }
    }

    @Test
    void a_member_that_stops_reading_is_closed_with_1013_while_the_others_get_every_message() throws Exception {
        String room = "slow";
        try (WsClient ann = honest(a, "ann2", room);
             WsClient bob = honest(b, "bob2", room);
             WsClient cat = honest(a, "cat2", room);
             RawWsClient slow = RawWsClient.open(a.port(), "/ws?user=slow",
                     Map.of("X-Forwarded-For", "198.51.100.77"), 4_096)) {
            assertThat(slow.read().text()).contains("welcome");
            slow.sendText("{\"type\":\"join\",\"id\":1,\"room\":\"" + room + "\"}");
            assertThat(slow.read().text()).contains("joined");
            String big = "x".repeat(MAX_TEXT - 10);
            int sent = 0;
            // the sender on the other node: every message crosses Redis to reach the slow member
            while (!closedFor(a, "slow_consumer")) {
                assertThat(sent).as("messages without the slow member being closed").isLessThan(400);
                bob.send(say(room, sent++ + " " + big));
                Thread.sleep(sent % 10 == 0 ? 50 : 0);
            }
            List<Frame> got = slow.readToTheEnd();
            assertThat(got.get(got.size() - 1).opcode()).isEqualTo(Frame.CLOSE);
            assertThat(got.get(got.size() - 1).closeCode()).isEqualTo(1013);
            for (WsClient honest : List.of(ann, bob, cat)) {
                for (int i = 0; i < sent; i++) {
                    String prefix = i + " ";
                    honest.expect("message", m -> m.path("text").asText().startsWith(prefix));
                }
            }
        }
    }

    @Test
    void one_forwarded_address_is_held_to_its_connections_and_handshakes_and_another_is_not() throws Exception {
        List<RawWsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(raw(a, "held" + i, "203.0.113.50"));
            }
            Answer fourth = RawWsClient.handshake(a.port(), "/ws?user=held3",
                    Map.of("X-Forwarded-For", "203.0.113.50"));
            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.header("Retry-After")).isNotBlank();
            assertThat(parse(fourth.body()).path("error").asText()).isEqualTo("too_many_connections");
            // the limit is per node: the same address still gets in on the other node
            open.add(raw(b, "held4", "203.0.113.50"));
            // and another address on the same node
            open.add(raw(a, "free0", "203.0.113.51"));

            List<Integer> statuses = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Answer answer = RawWsClient.handshake(a.port(), "/ws?user=burst" + i,
                        Map.of("X-Forwarded-For", "203.0.113.60"));
                statuses.add(answer.status());
                if (answer.status() == 429) {
                    codes.add(parse(answer.body()).path("error").asText());
                }
            }
            assertThat(statuses.get(0)).isEqualTo(101);
            assertThat(codes).contains("too_many_handshakes");
            assertThat(RawWsClient.handshake(a.port(), "/ws?user=calm", Map.of("X-Forwarded-For", "203.0.113.61"))
                    .status()).isEqualTo(101);
            assertThat(metric(a, "roster_handshakes_refused_total{code=\"too_many_connections\"}")).isPositive();
            assertThat(metric(a, "roster_handshakes_refused_total{code=\"too_many_handshakes\"}")).isPositive();
        } finally {
            for (RawWsClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void a_user_with_as_many_sessions_as_it_may_have_across_the_nodes_is_refused_a_third() throws Exception {
        try (WsClient first = honest(a, "many", "sessions");
             WsClient second = honest(b, "many", "sessions")) {
            Answer third = RawWsClient.handshake(a.port(), "/ws?user=many",
                    Map.of("X-Forwarded-For", "192.0.2.250"));
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("Retry-After")).isNotBlank();
            assertThat(parse(third.body()).path("error").asText()).isEqualTo("too_many_sessions");
            assertThat(first.isOpen() && second.isOpen()).isTrue();
            assertThat(metric(a, "roster_handshakes_refused_total{code=\"too_many_sessions\"}")).isPositive();
        }
    }

    @Test
    void a_text_over_the_configured_size_is_too_large_and_the_member_stays() {
        String room = "size";
        try (WsClient ann = honest(a, "ann3", room);
             WsClient bob = honest(b, "bob3", room)) {
            ann.send(say(room, "y".repeat(MAX_TEXT + 1)).put("id", 7));
            assertThat(ann.reply("error", 7).path("code").asText()).isEqualTo("too_large");
            ann.send(say(room, "z".repeat(MAX_TEXT)));
            bob.expect("message", m -> m.path("text").asText().length() == MAX_TEXT);
            assertThat(bob.frames("message")).hasSize(1);
            assertThat(ann.isOpen()).isTrue();
        }
    }

    /** A member of {@code room} on {@code node}, from an address of its own behind the proxy. */
    private static WsClient honest(TestNode node, String user, String room) {
        String address = "192.0.2." + ADDRESSES.incrementAndGet();
        WsClient client = WsClient.connect(HTTP, URI.create("ws://127.0.0.1:" + node.port() + "/ws?user=" + user),
                Map.of("X-Forwarded-For", address));
        client.expect("welcome");
        client.send(join(room).put("id", 0));
        client.reply("joined", 0);
        return client;
    }

    private static RawWsClient raw(TestNode node, String user, String address) throws IOException {
        RawWsClient client = RawWsClient.open(node.port(), "/ws?user=" + user, Map.of("X-Forwarded-For", address), 0);
        assertThat(client.read().text()).contains("welcome");
        return client;
    }

    private static boolean closedFor(TestNode node, String reason) throws Exception {
        return metric(node, "roster_connections_closed_total{reason=\"" + reason + "\"}") > 0;
    }

    private static double metric(TestNode node, String series) throws Exception {
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).sum();
    }

    private static JsonNode parse(String json) {
        try {
            return Frames.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
