package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling restart loses no one: of two nodes on one Redis, one is stopped with SIGTERM and started again on its
 * port while its clients reconnect, with jittered exponential backoff, to either node. No user whose client came
 * back within the grace period is ever announced offline; the users whose clients do not come back are announced
 * offline once, after grace, so that the test cannot pass by announcing nothing; at the end both nodes list exactly
 * the users whose clients are open.
 */
class RollingRestartIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static final int USERS_PER_NODE = 200;
    /** Of the restarted node's users, this many never come back: they must go offline after grace. */
    private static final int LEAVERS = 20;
    private static final Duration GRACE = Duration.ofMillis(8000);
    private static final Duration LEASE = Duration.ofMillis(2000);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(800);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> env() {
        return Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_GRACE_MS", Long.toString(GRACE.toMillis()),
                "ROSTER_LEASE_MS", Long.toString(LEASE.toMillis()));
    }

    @Test
    void aNodeStoppedWithSigtermAndStartedAgainLosesNoUserWhoseClientCameBackWithinGrace() throws Exception {
        REDIS.flush();
        JarNode a = JarNode.start("roll-a", env());
        JarNode restarted = null;
        ExecutorService clients = Executors.newCachedThreadPool();
        Map<String, WsClient> open = new ConcurrentHashMap<>();
        try (JarNode b = JarNode.start("roll-b", env())) {
            int portA = a.port();
            List<Integer> ports = List.of(portA, b.port());
            List<String> onA = names("on-a-", USERS_PER_NODE);
            List<String> onB = names("on-b-", USERS_PER_NODE);
            WsClient.connectMany(HTTP, portA, "on-a-", USERS_PER_NODE, 32)
                    .forEach(c -> open.put(c.user(), c));
            WsClient.connectMany(HTTP, b.port(), "on-b-", USERS_PER_NODE, 32)
                    .forEach(c -> open.put(c.user(), c));
            await().atMost(WAIT).until(() -> onlineCount(b) == 2L * USERS_PER_NODE);
            List<String> leavers = onA.subList(0, LEAVERS);
            List<String> returning = onA.subList(LEAVERS, USERS_PER_NODE);

            // every client of A waits for its close, then comes back to either node with jittered backoff
            Map<String, Integer> closeCodes = new ConcurrentHashMap<>();
            Map<String, Long> backAt = new ConcurrentHashMap<>();
            Map<String, Long> closedAt = new ConcurrentHashMap<>();
            Map<String, Integer> attempts = new ConcurrentHashMap<>();
            for (String user : onA) {
                WsClient old = open.get(user);
                clients.submit(() -> {
                    closeCodes.put(user, old.awaitClose().code());
                    closedAt.put(user, System.nanoTime());
                    open.remove(user);
                    if (leavers.contains(user)) {
                        return null;
                    }
                    WsClient back = reconnect(user, ports, attempts);
                    backAt.put(user, System.nanoTime());
                    open.put(user, back);
                    return null;
                });
            }
            long stoppedAt = System.nanoTime();
            a.terminate();
            assertThat(a.awaitExit(WAIT)).as("SIGTERM ends the node gracefully").isEqualTo(143);
            long exitedAt = System.nanoTime();
            restarted = JarNode.start("roll-a", env(), portA);
            long readyAgainAt = System.nanoTime();

            await().atMost(WAIT).until(() -> backAt.size() == returning.size());
            assertThat(closeCodes).hasSize(USERS_PER_NODE).allSatisfy((user, code) -> assertThat(code)
                    .as("close code of %s", user).isEqualTo(1001));
            // a client's gap runs from the close it heard to its new welcome; its node ends the session only after
            // the close was heard (once the close handshake is over), and the grace period counts from then
            Map<String, Long> gaps = new TreeMap<>();
            backAt.forEach((user, at) -> gaps.put(user, TimeUnit.NANOSECONDS.toMillis(at - closedAt.get(user))));
            Set<String> backWithinGrace = new HashSet<>();
            gaps.forEach((user, gap) -> {
                if (gap < GRACE.toMillis()) {
                    backWithinGrace.add(user);
                }
            });
            long lastClose = closedAt.values().stream().mapToLong(t -> t - stoppedAt).max().orElseThrow();
            long lastBack = backAt.values().stream().mapToLong(t -> t - stoppedAt).max().orElseThrow();
            System.out.printf("rolling restart: the last close heard %d ms after SIGTERM, the node exited after %d ms "
                    + "and was ready again after %d ms; %d clients back, the last %d ms after SIGTERM; gaps: "
                    + "longest %d ms, %d of them within grace (%d ms); %d connect attempts%n",
                    TimeUnit.NANOSECONDS.toMillis(lastClose), TimeUnit.NANOSECONDS.toMillis(exitedAt - stoppedAt),
                    TimeUnit.NANOSECONDS.toMillis(readyAgainAt - stoppedAt), gaps.size(),
                    TimeUnit.NANOSECONDS.toMillis(lastBack), gaps.values().stream().mapToLong(Long::longValue).max()
                            .orElseThrow(), backWithinGrace.size(), GRACE.toMillis(),
                    attempts.values().stream().mapToInt(Integer::intValue).sum());
            // what is asserted below is about these users: on a machine too slow to bring most back in time, the
            // test would prove little, so it says so
            assertThat(backWithinGrace.size()).as("clients back within grace").isGreaterThan(returning.size() / 2);

            // the leavers' grace runs out (and a sweep finds it): each is announced offline once
            await().atMost(GRACE.plus(WAIT)).until(() -> offlineEvents(b).keySet().containsAll(leavers));
            JarNode a2 = restarted;
            await().atMost(WAIT).until(() -> onlineCount(b) == open.size() && onlineCount(a2) == open.size());
            Map<String, Integer> offline = offlineEvents(b);
            assertThat(offline.keySet()).as("users announced offline").doesNotContainAnyElementsOf(backWithinGrace)
                    .doesNotContainAnyElementsOf(onB).containsAll(leavers);
            for (String user : leavers) {
                assertThat(offline.get(user)).as("offline announcements of %s", user).isEqualTo(1);
            }
            Set<String> expected = new HashSet<>(onB);
            expected.addAll(returning);
            assertThat(new HashSet<>(open.keySet())).isEqualTo(expected);
            for (JarNode node : List.of(b, a2)) {
                assertThat(onlineUsers(node)).as("who is online on port %d", node.port()).isEqualTo(expected);
            }
            for (String user : leavers) {
                assertThat(state(b, user)).isEqualTo("offline");
            }
            assertThat(nodes(b)).containsExactlyInAnyOrder("roll-a", "roll-b");
        } finally {
            clients.shutdownNow();
            open.values().forEach(WsClient::abort);
            a.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    /**
     * Connects {@code user} to a node chosen at random at each attempt, waiting a jittered, doubling backoff before
     * each (half to all of it), as a client told 1001 should; refusals (the stopped node's port, its 503 while it
     * stops or starts) are tried again.
     */
    private static WsClient reconnect(String user, List<Integer> ports, Map<String, Integer> attempts)
            throws InterruptedException {
        long backoff = FIRST_BACKOFF.toMillis();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Thread.sleep(backoff / 2 + random.nextLong(backoff / 2 + 1));
            attempts.merge(user, 1, Integer::sum);
            try {
                return WsClient.connect(HTTP, ports.get(random.nextInt(ports.size())), user);
            } catch (AssertionError | RuntimeException refused) {
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
        throw new AssertionError(user + " could not reconnect within " + WAIT);
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + String.format("%04d", i)).toList();
    }

    private static long onlineCount(JarNode node) throws IOException {
        return JSON.readTree(node.json("/api/online/count")).path("count").asLong();
    }

    private static String state(JarNode node, String user) throws IOException {
        return JSON.readTree(node.json("/api/users/" + user)).path("state").asText();
    }

    private static List<String> nodes(JarNode node) throws IOException {
        return JSON.readTree(node.json("/api/nodes")).path("nodes").findValuesAsText("node");
    }

    private static Set<String> onlineUsers(JarNode node) throws IOException {
        Set<String> users = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(node.json("/api/online?limit=500"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
            page.path("users").forEach(u -> users.add(u.isObject() ? u.path("user").asText() : u.asText()));
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return users;
    }

    /** How many times each user is announced offline in the whole event log. */
    private static Map<String, Integer> offlineEvents(JarNode node) throws IOException {
        Map<String, Integer> offline = new HashMap<>();
        String after = null;
        while (true) {
            JsonNode page = JSON.readTree(node.json("/api/events?limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))));
            if (page.path("events").isEmpty()) {
                return offline;
            }
            for (JsonNode event : page.path("events")) {
                if (event.path("type").asText().equals("user.offline")) {
                    offline.merge(event.path("user").asText(), 1, Integer::sum);
                }
            }
            after = page.path("next").asText();
        }
    }
}
