package dev.roster.bootstrap.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two ghosts of Redis faults, on the real {@code roster.jar} with real sockets: Redis restarting from a snapshot
 * taken before a user left, and a node killed with {@code kill -9} just after it put its sessions back into a Redis
 * that restarted empty. Within {@link FaultBound#BOUND} of the fault, every node's API and every watcher's socket
 * must tell the truth. The in-process suite ({@code FaultSuiteTest} of the Redis adapter) covers many more faults;
 * this one proves that the nodes as shipped are wired to recover from them too.
 */
class PresenceFaultsIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.breakable();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RESTORED_WITHIN = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> env() {
        return Map.of("ROSTER_REDIS_URL", REDIS.url(),
                "ROSTER_LEASE_MS", Long.toString(FaultBound.LEASE.toMillis()),
                "ROSTER_GRACE_MS", Long.toString(FaultBound.GRACE.toMillis()));
    }

    @BeforeEach
    void freshRedis() {
        REDIS.restart();
        REDIS.flush();
    }

    /** A user who left after the snapshot must not come back online when Redis loads it. */
    @Test
    void aUserWhoLeftAfterTheSnapshotStaysOfflineWhenRedisRestartsFromIt() throws Exception {
        try (JarNode a = JarNode.start("node-a", env()); JarNode b = JarNode.start("node-b", env());
             WsClient watcher = WsClient.open(b.port(), "watcher"); WsClient kim = WsClient.open(b.port(), "kim")) {
            joinHall(watcher);
            joinHall(kim);
            WsClient lost = WsClient.open(a.port(), "lost");
            joinHall(lost);
            await().atMost(WAIT).until(() -> last(watcher, "lost").equals("online")
                    && last(watcher, "kim").equals("online"));
            REDIS.snapshot();
            lost.abort();
            await().atMost(WAIT).until(() -> last(watcher, "lost").equals("offline")
                    && state(a, "lost").equals("offline"));

            Instant fault = Instant.now();
            REDIS.restartFromSnapshot();

            assertTruthAt(fault.plus(FaultBound.BOUND), () -> {
                List<String> wrongs = new ArrayList<>();
                for (JarNode node : List.of(a, b)) {
                    expect(wrongs, node, "lost", "offline");
                    expect(wrongs, node, "kim", "online");
                    expect(wrongs, node, "watcher", "online");
                }
                expectHeard(wrongs, watcher, "lost", "offline");
                expectHeard(wrongs, watcher, "kim", "online");
                return wrongs;
            });
        }
    }

    /**
     * Redis restarts empty and both nodes put their users back; one node is killed right after its users are back:
     * they must not stay online on the other node.
     */
    @Test
    void usersOfANodeKilledJustAfterItRestoredThemGoOffline() throws Exception {
        try (JarNode survivor = JarNode.start("survivor", env());
             WsClient watcher = WsClient.open(survivor.port(), "watcher")) {
            joinHall(watcher);
            JarNode doomed = JarNode.start("doomed", env());
            try {
                List<WsClient> users = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    WsClient user = WsClient.open(doomed.port(), "d" + i);
                    users.add(user);
                    joinHall(user);
                }
                await().atMost(WAIT).until(() -> last(watcher, "d0").equals("online")
                        && last(watcher, "d1").equals("online") && last(watcher, "d2").equals("online"));

                REDIS.restartEmpty();
                awaitRestoredBy("doomed", 3);
                Instant fault = Instant.now();
                doomed.kill();
                users.forEach(WsClient::abort);

                assertTruthAt(fault.plus(FaultBound.BOUND), () -> {
                    List<String> wrongs = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        expect(wrongs, survivor, "d" + i, "offline");
                        expectHeard(wrongs, watcher, "d" + i, "offline");
                    }
                    return wrongs;
                });
            } finally {
                doomed.close();
            }
        }
    }

    /**
     * Waits until the node's boot sets (ADR 6: {@code roster:{b<N>}:boot:<node>:<boot>}) hold {@code users} users
     * again, that is until it put its sessions back, at most {@link #RESTORED_WITHIN}: the kill comes right then, most
     * likely before its next heartbeat has written its lease again.
     */
    private static void awaitRestoredBy(String node, int users) {
        REDIS.withCommands(redis -> {
            long deadline = System.nanoTime() + RESTORED_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                long restored = redis.keys("roster:*:boot:" + node + ":*").stream().mapToLong(redis::scard).sum();
                if (restored >= users) {
                    return;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    private static void joinHall(WsClient user) {
        user.send("{\"type\":\"join\",\"room\":\"hall\",\"id\":\"j\"}");
        await().atMost(WAIT).until(() -> user.got("joined"));
    }

    private static String state(JarNode node, String user) throws Exception {
        return JSON.readTree(node.json("/api/users/" + user)).path("state").asText();
    }

    /** The last state the watcher heard of {@code user} in the hall: a presence frame, else its joined listing. */
    private static String last(WsClient watcher, String user) {
        List<String> heard = watcher.presenceOf(user, "hall");
        if (!heard.isEmpty()) {
            return heard.get(heard.size() - 1);
        }
        for (JsonNode frame : watcher.frames()) {
            if ("joined".equals(frame.path("type").asText())) {
                for (JsonNode member : frame.path("members")) {
                    if (user.equals(member.path("user").asText())) {
                        return member.path("state").asText();
                    }
                }
            }
        }
        return "nothing";
    }

    private static void expect(List<String> wrongs, JarNode node, String user, String want) {
        try {
            String got = state(node, user);
            if (!got.equals(want)) {
                wrongs.add("node on " + node.port() + " says " + user + " is " + got + "; truly " + want);
            }
        } catch (Exception e) {
            wrongs.add("node on " + node.port() + " cannot tell about " + user + ": " + e.getMessage());
        }
    }

    private static void expectHeard(List<String> wrongs, WsClient watcher, String user, String want) {
        String heard = last(watcher, user);
        boolean online = !heard.equals("offline") && !heard.equals("nothing");
        if (online != want.equals("online")) {
            wrongs.add("the watcher last heard " + user + " " + heard + "; truly " + want);
        }
    }

    /** Waits until {@code deadline}, then fails unless nothing is wrong. */
    private static void assertTruthAt(Instant deadline, java.util.concurrent.Callable<List<String>> wrongs)
            throws Exception {
        long wait = Duration.between(Instant.now(), deadline).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        List<String> found = wrongs.call();
        if (!found.isEmpty()) {
            throw new AssertionError("Presence is still wrong " + FaultBound.BOUND.toMillis() + " ms after the fault:\n  - "
                    + String.join("\n  - ", found));
        }
    }
}
