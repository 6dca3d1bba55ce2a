package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.say;
import static dev.roster.system.Frames.who;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A room of 3,000 members on two Redis-backed nodes, walked in pages of a thousand by {@code who} and by the API,
 * cursors crossing from one node to the other, while a member throws forged cursors and bad limits at both and
 * the honest members of a small room keep every message.
 */
class RoomPagingSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final String ARENA = "arena";
    private static final int PER_NODE = 1500;
    private static final int HANDSHAKES_IN_FLIGHT = 64;
    private static final int JOINS_IN_FLIGHT = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestNode a;
    private static TestNode b;
    private static final List<WsClient> CLIENTS = new ArrayList<>();
    private static final TreeSet<String> MEMBERS = new TreeSet<>();

    @BeforeAll
    static void fillTheArena() {
        REDIS.flush();
        // large from ten members on, and counted rarely: joiners get a sample and the room hears counts, so that
        // filling it is not 3,000 joins each read whole and told to every member
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev",
                "ROSTER_LARGE_ROOM", "10", "ROSTER_CROWD_TICK_MS", "5000");
        a = TestNode.start("paging-a", env);
        b = TestNode.start("paging-b", env);
        // both nodes' sockets opened at once
        CompletableFuture<List<WsClient>> onB = CompletableFuture.supplyAsync(
                () -> WsClient.connectMany(HTTP, b.port(), "pb", PER_NODE, HANDSHAKES_IN_FLIGHT));
        CLIENTS.addAll(WsClient.connectMany(HTTP, a.port(), "pa", PER_NODE, HANDSHAKES_IN_FLIGHT));
        CLIENTS.addAll(onB.join());
        for (int from = 0; from < CLIENTS.size(); from += JOINS_IN_FLIGHT) {
            List<WsClient> wave = CLIENTS.subList(from, Math.min(CLIENTS.size(), from + JOINS_IN_FLIGHT));
            wave.forEach(c -> c.send(join(ARENA).put("id", 1)));
            wave.forEach(c -> {
                c.reply("joined", 1);
                MEMBERS.add(c.user());
            });
        }
    }

    @AfterAll
    static void stop() {
        CLIENTS.forEach(WsClient::close);
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static WsClient on(String user) {
        return CLIENTS.stream().filter(c -> c.user().equals(user)).findFirst().orElseThrow();
    }

    @Test
    void who_on_one_node_and_the_api_on_the_other_walk_the_arena_each_member_once_in_order() {
        WsClient walker = on("pa0007");
        List<String> byWho = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        String cursor = null;
        long id = 100;
        do {
            ObjectNode frame = who(ARENA).put("id", ++id).put("limit", 1000);
            if (cursor != null) {
                frame.put("cursor", cursor);
            }
            JsonNode page = walker.send(frame).reply("members", id);
            page.path("members").forEach(m -> byWho.add(m.path("user").asText()));
            pages.add(page.path("members").size());
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
        } while (cursor != null && pages.size() < 10);

        assertThat(pages).containsExactly(1000, 1000, 1000);
        assertThat(byWho).containsExactlyElementsOf(MEMBERS);

        Api api = b.api();
        List<String> byApi = new ArrayList<>();
        // the first page comes from who on node a, the rest from the API on node b
        JsonNode first = walker.send(who(ARENA).put("id", ++id).put("limit", 1000)).reply("members", id);
        first.path("members").forEach(m -> byApi.add(m.path("user").asText()));
        String next = first.path("next").asText();
        while (next != null) {
            JsonNode page = api.json("/api/rooms/" + ARENA + "?limit=1000&cursor=" + next);
            assertThat(page.path("members").size()).isLessThanOrEqualTo(1000);
            page.path("members").forEach(m -> byApi.add(m.path("user").asText()));
            next = page.path("next").isNull() ? null : page.path("next").asText();
        }
        assertThat(byApi).containsExactlyElementsOf(MEMBERS);
        assertThat(api.json("/api/rooms/" + ARENA).path("members").size()).isEqualTo(1000);
    }

    /**
     * An attacker among the members throws forged cursors, bad limits and the largest pages at both nodes; every
     * bad one is refused as bad input, its socket stays open, and the honest members of a small room keep every
     * message said meanwhile.
     */
    @Test
    void forged_cursors_and_bad_limits_are_refused_while_honest_members_keep_every_message() {
        WsClient attacker = on("pb0666");
        List<WsClient> honest = List.of(on("pa0100"), on("pa0101"), on("pb0100"), on("pb0101"));
        long id = 500;
        for (WsClient member : honest) {
            member.send(join("porch").put("id", ++id)).reply("joined", id);
        }
        String real = attacker.send(who(ARENA).put("id", ++id).put("limit", 1)).reply("members", id)
                .path("next").asText();
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("pb1499".getBytes(StandardCharsets.UTF_8)) + real.substring(real.indexOf('.'));
        List<ObjectNode> badFrames = List.of(
                who(ARENA).put("cursor", forged), who(ARENA).put("cursor", "x".repeat(4000)),
                who(ARENA).put("cursor", ""), who(ARENA).put("limit", 0), who(ARENA).put("limit", 1001),
                who(ARENA).put("limit", 1e9), who(ARENA).put("limit", "1000"), who(ARENA).put("cursor", 12));

        for (int round = 0; round < 3; round++) {
            for (ObjectNode bad : badFrames) {
                bad.put("id", ++id);
                JsonNode error = attacker.send(bad).reply("error", id);
                assertThat(error.path("code").asText()).as(bad.toString()).isEqualTo("bad_field");
            }
            // the largest pages there are, back to back
            attacker.send(who(ARENA).put("id", ++id).put("limit", 1000)).reply("members", id);
            for (String query : List.of("?cursor=" + URLEncoder.encode(forged, StandardCharsets.UTF_8),
                    "?limit=100000", "?limit=-1", "?cursor=" + "y".repeat(3000))) {
                Api.Answer refused = (round % 2 == 0 ? a : b).api().get("/api/rooms/" + ARENA + query);
                assertThat(refused.status()).as(query.length() > 40 ? "long" : query).isEqualTo(400);
                assertThat(refused.json().path("error").path("code").asText()).isEqualTo("bad_request");
            }
            for (WsClient speaker : honest) {
                speaker.send(say("porch", "round " + round + " from " + speaker.user()));
            }
        }

        assertThat(attacker.isClosed()).isFalse();
        for (WsClient listener : honest) {
            for (int round = 0; round < 3; round++) {
                for (WsClient speaker : honest) {
                    String text = "round " + round + " from " + speaker.user();
                    listener.expect("message", m -> m.path("text").asText().equals(text));
                }
            }
        }
    }
}
