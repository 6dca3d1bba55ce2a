package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.leave;
import static dev.roster.system.Frames.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis commands each operation costs, counted exactly: a real node on a standalone Redis of the test's own,
 * whose every executed command {@code MONITOR} reports. An operation's commands are those that name its user or its
 * room (keys, channels, arguments), with the commands the scripts among them ran inside Redis; what the node does
 * on its own clock (leases, reconciliation, the grace sweep, the event log's tailer) names neither and is left out.
 * <p>
 * {@link #EXPECTED} is the table of docs/SCALING.md, "Redis commands per operation": a change of any operation's
 * path changes a count here, and the table there must change with it.
 */
class RedisRoundTripsSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    /** How long the commands of an operation must have stopped coming before its count is read. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final String USER = "rt-ann";
    private static final String WATCHER = "rt-bob";
    private static final String ROOM = "rt-room";
    /** A room no other session on the node is in: the node subscribes to it on the join, and leaves it after. */
    private static final String SOLO_ROOM = "rt-room-solo";

    /**
     * Per operation: the commands the node sent, then those run inside the scripts it called, as "NAME=count" sorted
     * by name. The user is alone on its node in one room with one watcher, one session, no other node.
     */
    static final Map<String, Expected> EXPECTED = expected();

    record Expected(String sent, String inScripts) {
    }

    private static Map<String, Expected> expected() {
        Map<String, Expected> table = new LinkedHashMap<>();
        table.put("open", new Expected("EVALSHA commit=1, GET=1",
                "GET=1, SADD=2, SET=1, XADD=2, ZADD=1, ZREM=1"));
        table.put("join, first on the node", new Expected(
                "EVALSHA commit=1, EVALSHA room=1, HGETALL=1, MGET=1, PUBLISH=1, SUBSCRIBE=1",
                "GET=1, HGET=2, HSET=2, PERSIST=3, SET=1, XADD=1, ZADD=2, ZRANGEBYSCORE=1, ZREM=2"));
        table.put("leave, last on the node", new Expected("EVALSHA commit=1, EVALSHA room=1, PUBLISH=1, UNSUBSCRIBE=1",
                "GET=1, HGET=2, HSET=2, PEXPIRE=3, SET=1, XADD=1, ZADD=2, ZRANGEBYSCORE=1, ZREM=2"));
        table.put("join", new Expected("EVALSHA commit=1, EVALSHA room=1, HGETALL=1, MGET=1, PUBLISH=1",
                "GET=1, HGET=2, HSET=2, PERSIST=3, SET=1, XADD=1, ZADD=2, ZRANGEBYSCORE=1, ZREM=2"));
        table.put("status", new Expected("EVALSHA commit=1, PUBLISH=1",
                "GET=1, SET=1, XADD=1, ZADD=1, ZREM=1"));
        table.put("leave", new Expected("EVALSHA commit=1, EVALSHA room=1, PUBLISH=1",
                "GET=1, HGET=2, HSET=2, PERSIST=3, SET=1, XADD=1, ZADD=2, ZRANGEBYSCORE=1, ZREM=2"));
        table.put("close", new Expected("EVALSHA commit=1",
                "GET=1, SCARD=1, SET=1, SREM=2, XADD=1, ZADD=2"));
        table.put("grace expiry", new Expected("EVALSHA commit=1, EVALSHA room=1, PUBLISH=1",
                "GET=1, HGET=2, HSET=2, PERSIST=3, SET=1, XADD=2, ZADD=1, ZRANGEBYSCORE=1, ZREM=3"));
        return table;
    }

    @Test
    void each_operation_sends_the_documented_commands() throws Exception {
        REDIS.flush();
        // a grace period longer than the wait for an operation's commands keeps the close and the expiry apart
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev",
                "ROSTER_GRACE_MS", "4000", "ROSTER_LEASE_MS", Long.toString(LEASE.toMillis()));
        Map<String, Expected> measured = new LinkedHashMap<>();
        try (TestNode node = TestNode.start("rt-node", env);
             WsClient bob = node.client(WATCHER).connect();
             RedisMonitor monitor = RedisMonitor.start(REDIS.port())) {
            long ready = readySince(node);
            bob.send(join(ROOM).put("id", 1)).reply("joined", 1);
            // every script the operations call runs once before counting: the first call after Redis started is
            // an EVALSHA answered NOSCRIPT and sent again as EVAL
            cycle(node, bob, "rt-warm", (name, op) -> op.get());
            // a node restores its sessions when Redis first answers, the moment it is ready, and audits its rooms a
            // lease later: that reading of the room is no operation's
            long audited = ready + LEASE.plus(QUIET).plus(QUIET).toNanos();
            while (System.nanoTime() < audited) {
                sleep();
            }

            cycle(node, bob, USER, (name, op) -> measured.put(name, count(monitor, op)));
        }
        StringBuilder table = new StringBuilder();
        measured.forEach((op, counts) -> table.append(String.format("table.put(\"%s\", new Expected(\"%s\",%n        \"%s\"));%n",
                op, counts.sent(), counts.inScripts())));
        System.out.println(table);
        assertThat(measured).as("measured:%n%s", table).isEqualTo(EXPECTED);
    }

    /** When the node answered ready (it is once the store answers), polling from now. */
    private static long readySince(TestNode node) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(node.url("/health/ready"))).build();
        await().atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return System.nanoTime();
    }

    interface Step {
        void run(String name, Supplier<Void> op);
    }

    /**
     * Open, join and leave a room no one else is in, join the watched room, status, leave, join again (not counted),
     * close, and the grace period running out.
     */
    private static void cycle(TestNode node, WsClient bob, String user, Step step) {
        WsClient[] ann = new WsClient[1];
        step.run("open", () -> {
            ann[0] = node.client(user).connect();
            return null;
        });
        step.run("join, first on the node", () -> {
            ann[0].send(join(SOLO_ROOM).put("id", 5)).reply("joined", 5);
            return null;
        });
        step.run("leave, last on the node", () -> {
            ann[0].send(leave(SOLO_ROOM).put("id", 6)).reply("left", 6);
            return null;
        });
        step.run("join", () -> {
            ann[0].send(join(ROOM).put("id", 1)).reply("joined", 1);
            bob.expect("presence", f -> f.path("user").asText().equals(user));
            return null;
        });
        step.run("status", () -> {
            ann[0].send(status("away").put("id", 2)).reply("ok", 2);
            bob.expect("presence", f -> f.path("user").asText().equals(user)
                    && f.path("state").asText().equals("away"));
            return null;
        });
        step.run("leave", () -> {
            ann[0].send(leave(ROOM).put("id", 3)).reply("left", 3);
            bob.expect("presence", f -> f.path("user").asText().equals(user)
                    && f.path("state").asText().equals("offline"));
            return null;
        });
        ann[0].send(join(ROOM).put("id", 4)).reply("joined", 4);
        bob.expect("presence", f -> f.path("user").asText().equals(user));
        step.run("close", () -> {
            ann[0].close();
            return null;
        });
        step.run("grace expiry", () -> {
            bob.expect("presence", f -> f.path("user").asText().equals(user)
                    && f.path("state").asText().equals("offline"));
            return null;
        });
    }

    /** Runs the operation, waits until its commands stopped coming, and counts them. */
    private static Expected count(RedisMonitor monitor, Supplier<Void> op) {
        int from = monitor.position();
        op.get();
        List<RedisMonitor.Command> ours = ours(monitor.since(0), from);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET.toNanos()) {
            sleep();
            List<RedisMonitor.Command> now = ours(monitor.since(0), from);
            if (now.size() != ours.size()) {
                ours = now;
                quietSince = System.nanoTime();
            }
        }
        ours.forEach(c -> System.out.println("  " + c.client() + " " + c.args()));
        return new Expected(counts(ours.stream().filter(c -> !c.fromScript()).toList()),
                counts(ours.stream().filter(RedisMonitor.Command::fromScript).toList()));
    }

    /**
     * The commands from {@code from} on that name the user or the room, each with the commands of its script that
     * follow it, less the reconciliation's: every 100 ms a node reads one bucket's list of its users
     * ({@code SMEMBERS roster:{bN}:boot:...}) and then, on its connection for bulk reads, the presences of the users
     * listed there or held, in one {@code MGET} of keys of that bucket alone, which names the user when the bucket is
     * the user's. An operation's {@code MGET} reads a room's members and follows the read of the room
     * ({@code HGETALL}) on that connection.
     */
    private static List<RedisMonitor.Command> ours(List<RedisMonitor.Command> all, int from) {
        List<RedisMonitor.Command> ours = new ArrayList<>();
        Map<String, String> lastOfClient = new HashMap<>();
        String reconciling = null;
        boolean parentIsOurs = false;
        for (int i = 0; i < all.size(); i++) {
            RedisMonitor.Command c = all.get(i);
            if (!c.fromScript()) {
                String bucket = reconciledBucket(c);
                if (bucket != null) {
                    reconciling = bucket;
                }
                String first = c.args().size() > 1 ? bucketOf(c.args().get(1)) : "";
                boolean reconciliation = c.name().equals("MGET") && first.equals(reconciling)
                        && !"HGETALL".equals(lastOfClient.get(c.client()))
                        && c.args().stream().skip(1).allMatch(k -> k.startsWith("roster:{" + first + "}:u:"));
                if (reconciliation) {
                    reconciling = null;
                }
                lastOfClient.put(c.client(), c.name());
                parentIsOurs = !reconciliation && (c.mentions(USER) || c.mentions(ROOM));
            }
            if (parentIsOurs && i >= from) {
                ours.add(c);
            }
        }
        return ours;
    }

    /** The bucket of {@code SMEMBERS roster:{bN}:boot:<node>:<boot>}, else null. */
    private static String reconciledBucket(RedisMonitor.Command c) {
        if (!c.name().equals("SMEMBERS") || c.args().size() != 2 || !c.args().get(1).contains("}:boot:")) {
            return null;
        }
        return bucketOf(c.args().get(1));
    }

    /** {@code bN} of a key {@code roster:{bN}:...}. */
    private static String bucketOf(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}');
        return open < 0 || close < open ? "" : key.substring(open + 1, close);
    }

    private static String counts(List<RedisMonitor.Command> commands) {
        Map<String, Long> byName = commands.stream()
                .collect(Collectors.groupingBy(RedisMonitor.Command::name, TreeMap::new, Collectors.counting()));
        return byName.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
