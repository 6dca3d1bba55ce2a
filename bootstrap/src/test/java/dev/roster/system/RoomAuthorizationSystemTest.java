package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Room authorization and the per-user limits on real Redis-backed nodes under {@code jwt}: an attacker whose token
 * grants {@code team:1:*} sweeps guessed room names and learns nothing, while honest members keep every message;
 * the application's hook decides what tokens do not grant, and refuses when it is down; a user cannot hold more than
 * its sessions across two nodes.
 */
class RoomAuthorizationSystemTest {
    private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";
    private static final String HOOK_TOKEN = "hook-bearer-for-tests";
    private static final int SWEEP = 200;
    private static final int MAX_SESSIONS = 32;

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static HttpServer hook;
    private static final List<JsonNode> HOOK_ASKED = new CopyOnWriteArrayList<>();
    private static final List<String> HOOK_AUTHORIZATION = new CopyOnWriteArrayList<>();
    private static final List<TestNode> NODES = new ArrayList<>();
    private static TestNode nodeA;
    private static TestNode nodeB;
    private static TestNode hooked;
    private static TestNode hookDown;

    @BeforeAll
    static void start() throws IOException {
        REDIS.flush();
        // the JDK's server writes an answer's headers and body apart; without this each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/authorize", exchange -> {
            try (exchange) {
                JsonNode asked = Frames.JSON.readTree(exchange.getRequestBody().readAllBytes());
                HOOK_ASKED.add(asked);
                HOOK_AUTHORIZATION.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                // the back end lets a user into the direct-message rooms that name it, and nowhere else
                String user = asked.path("user").asText();
                String room = asked.path("room").asText();
                boolean allow = room.startsWith("dm:") && List.of(room.split(":")).contains(user);
                byte[] body = ("{\"allow\":" + allow + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        hook.start();
        Map<String, String> redisJwt = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_JWT_SECRET", SECRET);
        nodeA = started("authz-a", redisJwt);
        // the second node of the cluster also asks the hook: tokens that grant their rooms never reach it
        Map<String, String> withHook = new HashMap<>(redisJwt);
        withHook.put("ROSTER_AUTHZ_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/authorize");
        withHook.put("ROSTER_AUTHZ_TOKEN", HOOK_TOKEN);
        withHook.put("ROSTER_MAX_ROOMS_PER_SESSION", "3");
        nodeB = started("authz-b-hooked", withHook);
        hooked = nodeB;
        Map<String, String> downHook = new HashMap<>(redisJwt);
        downHook.put("ROSTER_AUTHZ_URL", "http://127.0.0.1:" + closedPort() + "/authorize");
        downHook.put("ROSTER_AUTHZ_TIMEOUT_MS", "300");
        // rooms open would let anything through without a hook; with one, the hook decides, even when down
        downHook.put("ROSTER_ROOMS_OPEN", "true");
        hookDown = started("authz-hook-down", downHook);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(TestNode::close);
        if (hook != null) {
            hook.stop(0);
        }
    }

    private static TestNode started(String id, Map<String, String> env) {
        TestNode node = TestNode.start(id, env);
        NODES.add(node);
        return node;
    }

    @Test
    void an_attacker_sweeping_guessed_rooms_gets_the_same_forbidden_for_each_while_members_keep_every_message() {
        try (WsClient ann = connect(nodeA, "ann", "dm:ann:bob");
             WsClient bob = connect(nodeB, "bob", "dm:ann:bob");
             WsClient cy = connect(nodeA, "cy", "team:2:*");
             WsClient dee = connect(nodeB, "dee", "team:3:*");
             WsClient eve = connect(nodeA, "eve", "team:1:*");
             WsClient eveOnB = connect(nodeB, "eve", "team:1:*")) {
            joined(ann, "dm:ann:bob");
            joined(bob, "dm:ann:bob");
            joined(cy, "team:2:busy");
            joined(dee, "team:3:empty");
            dee.send("{\"type\":\"leave\",\"room\":\"team:3:empty\",\"id\":1}").expect("left");
            List<String> guesses = guesses();
            assertThat(Set.copyOf(guesses)).hasSize(SWEEP);

            List<String> forbidden = new ArrayList<>();
            int said = 0;
            // on the node without a hook the token alone decides; on the other the hook is asked and denies
            for (int i = 0; i < guesses.size(); i++) {
                String join = "{\"type\":\"join\",\"room\":\"" + guesses.get(i) + "\",\"id\":" + i + "}";
                eve.send(join);
                eveOnB.send(join);
                if (i % 4 == 0) {
                    ann.send("{\"type\":\"say\",\"room\":\"dm:ann:bob\",\"text\":\"m" + said++ + "\"}");
                }
            }
            for (WsClient attacker : List.of(eve, eveOnB)) {
                for (int i = 0; i < guesses.size(); i++) {
                    JsonNode reply = attacker.reply("error", i);
                    assertThat(reply.path("code").asText()).as(guesses.get(i)).isEqualTo("forbidden");
                    forbidden.add(((ObjectNode) reply.deepCopy()).without("re").toString());
                }
            }

            assertThat(new HashSet<>(forbidden)).as("one answer for every room, whatever its state").hasSize(1);
            assertThat(HOOK_ASKED.stream().filter(a -> a.path("user").asText().equals("eve")))
                    .as("the hook was asked about each guess once").hasSize(SWEEP);
            assertThat(messages(bob, said)).containsExactlyElementsOf(expectedMessages(said));
            assertThat(messages(ann, said)).containsExactlyElementsOf(expectedMessages(said));
            // a room the token grants is joined; the rooms refused are rooms eve is not in
            joined(eve, "team:1:general");
            for (String type : List.of("who", "leave")) {
                eve.send("{\"type\":\"" + type + "\",\"room\":\"dm:ann:bob\",\"id\":900}");
                assertThat(eve.reply("error", 900).path("code").asText()).isEqualTo("not_member");
            }
            eve.send("{\"type\":\"say\",\"room\":\"dm:ann:bob\",\"text\":\"hi\",\"id\":901}");
            assertThat(eve.reply("error", 901).path("code").asText()).isEqualTo("not_member");
            assertThat(nodeB.api().room("dm:ann:bob").path("members").findValuesAsText("user"))
                    .containsExactlyInAnyOrder("ann", "bob");
            ann.send("{\"type\":\"say\",\"room\":\"dm:ann:bob\",\"text\":\"last\"}");
            assertThat(bob.expect("message", m -> m.path("text").asText().equals("last")).path("from").asText())
                    .isEqualTo("ann");
            assertThat(bob.unread("message", m -> m.path("from").asText().equals("eve"))).isEmpty();
            assertThat(bob.unread("presence", p -> p.path("user").asText().equals("eve"))).isEmpty();
        }
    }

    @Test
    void the_hook_decides_what_the_token_does_not_grant_and_is_asked_once_per_user_and_room() {
        try (WsClient hank = connect(hooked, "hank", null)) {
            joined(hank, "dm:hank:ivy");
            hank.send("{\"type\":\"join\",\"room\":\"dm:ivy:jo\",\"id\":2}");
            assertThat(hank.reply("error", 2).path("code").asText()).isEqualTo("forbidden");
            hank.send("{\"type\":\"join\",\"room\":\"dm:ivy:jo\",\"id\":3}");
            assertThat(hank.reply("error", 3).path("code").asText()).isEqualTo("forbidden");
            joined(hank, "dm:hank:ivy");

            List<JsonNode> asked = HOOK_ASKED.stream().filter(a -> a.path("user").asText().equals("hank")).toList();
            assertThat(asked).extracting(a -> a.path("room").asText())
                    .containsExactlyInAnyOrder("dm:hank:ivy", "dm:ivy:jo");
            assertThat(HOOK_AUTHORIZATION).allMatch(("Bearer " + HOOK_TOKEN)::equals);
            assertThat(hooked.api(null).get("/metrics").body()).contains(
                    "roster_authz_requests_seconds_count{outcome=\"allow\"}",
                    "roster_authz_requests_seconds_count{outcome=\"deny\"}",
                    "roster_authz_cache_hits_total");
        }
    }

    @Test
    void a_session_may_be_in_no_more_rooms_than_the_limit() {
        try (WsClient kim = connect(hooked, "kim", "kim:*")) {
            joined(kim, "kim:1");
            joined(kim, "kim:2");
            joined(kim, "kim:3");
            kim.send("{\"type\":\"join\",\"room\":\"kim:4\",\"id\":4}");
            assertThat(kim.reply("error", 4).path("code").asText()).isEqualTo("too_many_rooms");
            // a room it is in is no new room
            joined(kim, "kim:3");
            assertThat(hooked.api().user("kim").path("rooms").size()).isEqualTo(3);
        }
    }

    @Test
    void a_hook_that_cannot_be_reached_refuses_with_authz_unavailable_but_granted_rooms_still_open() {
        try (WsClient lou = connect(hookDown, "lou", "team:5:*")) {
            lou.send("{\"type\":\"join\",\"room\":\"dm:lou:max\",\"id\":5}");
            assertThat(lou.reply("error", 5).path("code").asText()).isEqualTo("authz_unavailable");
            joined(lou, "team:5:general");
            assertThat(hookDown.api().user("lou").path("rooms").toString())
                    .isEqualTo("[\"team:5:general\"]");
        }
    }

    @Test
    void a_user_opening_forty_sessions_across_two_nodes_gets_429_beyond_the_limit() throws IOException {
        List<WsClient> open = new ArrayList<>();
        List<Integer> refusals = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                TestNode node = i % 2 == 0 ? nodeA : nodeB;
                String token = token("nia", List.of());
                if (open.size() < MAX_SESSIONS) {
                    open.add(node.anonymous().token(token).connect());
                } else {
                    Handshake refused = handshake(node, token);
                    refusals.add(refused.status());
                    assertThat(refused.body()).contains("too_many_sessions");
                }
                assertThat(nodeA.api().user("nia").path("sessions").asInt()).isLessThanOrEqualTo(MAX_SESSIONS);
            }

            assertThat(open).hasSize(MAX_SESSIONS);
            assertThat(refusals).hasSize(8).containsOnly(429);
            assertThat(nodeB.api().user("nia").path("sessions").asInt()).isEqualTo(MAX_SESSIONS);
            // one closed makes room for one more
            open.remove(0).close();
            awaitSessions("nia", MAX_SESSIONS - 1);
            open.add(nodeB.anonymous().token(token("nia", List.of())).connect());
            assertThat(nodeA.api().user("nia").path("sessions").asInt()).isEqualTo(MAX_SESSIONS);
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private static void awaitSessions(String user, int sessions) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodeA.api().user(user).path("sessions").asInt() == sessions);
    }

    /** Guessed names: the private room, a busy room, an emptied room, and names nobody ever used. */
    private static List<String> guesses() {
        List<String> names = new ArrayList<>(List.of("dm:ann:bob", "team:2:busy", "team:3:empty", "team:2:secret",
                "dm:bob:ann", "team:10:general", "team:11"));
        for (int i = 0; names.size() < SWEEP; i++) {
            names.add(i % 2 == 0 ? "dm:ann:user" + i : "team:" + (i + 2) + ":room" + i);
        }
        return names;
    }

    private static List<String> expectedMessages(int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add("m" + i);
        }
        return texts;
    }

    private static List<String> messages(WsClient client, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(client.expect("message", m -> m.path("room").asText().equals("dm:ann:bob")).path("text")
                    .asText());
        }
        return texts;
    }

    private static void joined(WsClient client, String room) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"join-" + room + "\"}");
        JsonNode reply = client.expect("joined", f -> f.path("re").asText().equals("join-" + room));
        assertThat(reply.path("room").asText()).isEqualTo(room);
    }

    private static WsClient connect(TestNode node, String user, String grant) {
        return node.anonymous().token(token(user, grant == null ? null : List.of(grant))).connect();
    }

    /** A token for {@code user}; {@code rooms} null leaves the claim out, so that the token grants no room. */
    private static String token(String user, List<String> rooms) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user)
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        if (rooms != null) {
            claims.claim("rooms", rooms);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Handshake(int status, String body) {
    }

    /** A WebSocket handshake by hand, to read the refusal's status and body (a WebSocket client hides the body). */
    private static Handshake handshake(TestNode node, String token) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.port())) {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            String request = "GET /ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + node.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.append((char) next);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return new Handshake(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
