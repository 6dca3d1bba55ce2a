package dev.roster.adapters.redis;

import dev.roster.adapters.redis.testing.Fleet.Tab;
import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.testsupport.faults.EventLog;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.RedisProcess;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random clients under random faults, checked against the truth after each fault. Three nodes on one standalone
 * Redis; {@value #USERS} users open and close tabs on any node and join and leave {@value #ROOMS} rooms, about
 * {@value #OPS_PER_SECOND} actions a second; each node has a watcher in every room. Cycle after cycle, while the
 * clients go on, one fault strikes: a node is killed (and started again under a new boot, at once or later), Redis
 * restarts empty, Redis restarts from a snapshot taken a moment before, or Redis restarts empty and a node dies
 * during its recovery. The clients stop a moment later; {@link FaultBound#BOUND} after the fault every user's
 * presence on every node and every watcher's view must be the truth ({@link Fleet#wrongs()}).
 *
 * <p>Every choice (timing, fault, client action) comes from a {@link Random} seeded with a seed printed at the start
 * of each run, so a seed replays the same faults at the same moments and the same draws; the threads of the nodes
 * and Redis interleave as they will, so which tab a draw lands on, and what the nodes do, can differ. A violation fails with the seed, what is wrong, and the events around it. By default one run of
 * about {@value #DEFAULT_SECONDS} s, starting the nodes included; longer on demand:
 * {@code -Droster.faults.seconds=600 -Droster.faults.runs=20}, {@code -Droster.faults.seed=N} to start from a seed,
 * and {@code -Droster.faults.kinds=kill,redis-empty} to draw from some of the faults only ({@value #KINDS}).
 */
class RandomizedFaultRunTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.breakable();

    static final int USERS = 60;
    static final int ROOMS = 6;
    static final int OPS_PER_SECOND = 40;
    static final int DEFAULT_SECONDS = 60;
    static final String KINDS = "kill,redis-empty,redis-snapshot,redis-empty-kill";
    private static final int MAX_TABS = 3;
    private static final List<String> NODES = List.of("n-a", "n-b", "n-c");
    private static final Duration QUIET = Duration.ofSeconds(30);
    /** About how long a cycle takes: clients, a fault, and the bound. */
    private static final Duration CYCLE = FaultBound.BOUND.plusSeconds(3);
    /** After the last client action, its grace, a timer or sweep round, and a margin. */
    private static final Duration AFTER_LAST_ACTION = FaultBound.GRACE.plusMillis(1500);

    @Test
    void presenceIsTrueWithinTheBoundAfterEveryRandomFault() {
        long seconds = setting("roster.faults.seconds", DEFAULT_SECONDS, 1, 86_400);
        long runs = setting("roster.faults.runs", 1, 1, 10_000);
        Long given = Long.getLong("roster.faults.seed");
        long first = given != null ? given : new Random().nextLong();
        List<String> kinds = kinds();
        for (long i = 0; i < runs; i++) {
            new Run(first + i, Duration.ofSeconds(seconds), (int) i + 1, (int) runs, kinds).go();
        }
    }

    private static List<String> kinds() {
        String text = System.getProperty("roster.faults.kinds", KINDS);
        List<String> kinds = java.util.Arrays.stream(text.split(",")).map(String::strip).filter(k -> !k.isEmpty())
                .distinct().toList();
        List<String> known = List.of(KINDS.split(","));
        if (kinds.isEmpty() || !known.containsAll(kinds)) {
            throw new IllegalArgumentException("-Droster.faults.kinds must name some of " + KINDS + ", not \"" + text
                    + "\"");
        }
        return kinds;
    }

    private static long setting(String name, long otherwise, long min, long max) {
        String text = System.getProperty(name);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number, not \"" + text + "\"", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("-D" + name + " must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /** One run: fresh Redis, fresh nodes, cycles of clients, fault, check, until its time is up. */
    private static final class Run {
        private final long seed;
        private final Duration length;
        private final List<String> allowed;
        private final String name;
        private final Random script;
        private final EventLog log = new EventLog(true);
        private final Fleet fleet = new Fleet(REDIS, log);
        private final Map<String, Integer> boots = new TreeMap<>();
        private final List<String> toRestart = new ArrayList<>();
        private final List<RedisNode> unwatched = new ArrayList<>();
        private boolean snapshotTaken;

        Run(long seed, Duration length, int number, int of, List<String> allowed) {
            this.seed = seed;
            this.allowed = allowed;
            this.length = length;
            this.name = "run " + number + "/" + of + " seed " + seed;
            this.script = new Random(seed);
        }

        void go() {
            System.out.println("=== randomized fault " + name + " for " + length.toSeconds()
                    + " s (again: -Droster.faults.seed=" + seed + " -Droster.faults.runs=1 -Droster.faults.seconds="
                    + length.toSeconds() + ")");
            int cycle = 0;
            Instant end = Instant.now().plus(length);
            try {
                REDIS.restartEmpty();
                log.note("Redis restarted empty for the run");
                for (int u = 0; u < USERS; u++) {
                    fleet.user(user(u));
                }
                for (int r = 0; r < ROOMS; r++) {
                    fleet.room("r" + r);
                }
                for (String node : NODES) {
                    start(node);
                }
                watchNew();
                fleet.awaitRight(Fleet.SETTLE, "once the watchers joined");
                // at least one cycle; another only if it can end in time
                do {
                    cycle++;
                    cycle(cycle);
                } while (Instant.now().plus(CYCLE).isBefore(end));
                System.out.println("=== " + name + ": " + cycle + " faults, presence true after each");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Randomized fault " + name + ", cycle " + cycle + " (again: -Droster.faults.seed="
                        + seed + " -Droster.faults.runs=1): " + e.getMessage(), e);
            } finally {
                fleet.close();
            }
        }

        private void cycle(int cycle) {
            Clients clients = new Clients(new Random(script.nextLong()));
            Instant fault;
            String what;
            try {
                clients.start();
                RedisProcess.sleep(1000 + script.nextInt(2000));
                if (script.nextBoolean()) {
                    snapshot();
                }
                // every node killed in the last cycle was started again since: there is always one to kill
                what = allowed.get(script.nextInt(allowed.size()));
                if (what.equals("redis-snapshot") && !snapshotTaken) {
                    snapshot();
                }
                fault = strike(what);
                RedisProcess.sleep(script.nextInt(2000));
            } finally {
                clients.stop();
            }
            if (!fleet.awaitQuiet(QUIET)) {
                log.note("some client actions were still running " + QUIET.toSeconds() + " s after the clients stopped");
            }
            Instant deadline = fault.plus(FaultBound.BOUND);
            Instant quiet = Instant.now().plus(AFTER_LAST_ACTION);
            fleet.assertRightBy(fault, deadline.isAfter(quiet) ? deadline : quiet, "cycle " + cycle + ": " + what);
            for (String node : toRestart) {
                start(node);
            }
            toRestart.clear();
            watchNew();
            fleet.awaitRight(Fleet.SETTLE, "once the restarted nodes' watchers joined");
        }

        /** A snapshot, and a moment of clients after it: what a restart from it will lose. */
        private void snapshot() {
            log.note("Redis takes a snapshot");
            REDIS.snapshot();
            snapshotTaken = true;
            RedisProcess.sleep(300 + script.nextInt(1200));
        }

        private Instant strike(String what) {
            switch (what) {
                case "kill" -> {
                    return kill();
                }
                case "redis-empty" -> {
                    log.note("FAULT Redis is killed and restarts empty");
                    Instant at = Instant.now();
                    REDIS.restartEmpty();
                    snapshotTaken = false;
                    return at;
                }
                case "redis-snapshot" -> {
                    log.note("FAULT Redis is killed and restarts from its last snapshot");
                    Instant at = Instant.now();
                    REDIS.restartFromSnapshot();
                    return at;
                }
                case "redis-empty-kill" -> {
                    log.note("FAULT Redis is killed and restarts empty, then a node dies");
                    REDIS.restartEmpty();
                    snapshotTaken = false;
                    RedisProcess.sleep(script.nextInt(800));
                    return kill();
                }
                default -> throw new IllegalStateException("no such fault: " + what);
            }
        }

        private Instant kill() {
            List<RedisNode> live = fleet.live();
            RedisNode victim = live.get(script.nextInt(live.size()));
            Instant at = Instant.now();
            fleet.crash(victim);
            if (script.nextBoolean()) {
                start(victim.name());
            } else {
                toRestart.add(victim.name());
            }
            return at;
        }

        private void start(String node) {
            unwatched.add(fleet.start(node));
        }

        /** Gives every node started since the last quiet moment its watcher, which joins every room. */
        private void watchNew() {
            String[] rooms = new String[ROOMS];
            for (int r = 0; r < ROOMS; r++) {
                rooms[r] = "r" + r;
            }
            for (RedisNode node : unwatched) {
                if (!node.crashed()) {
                    int boot = boots.merge(node.name(), 1, Integer::sum);
                    fleet.watch(node, "w-" + node.name() + "-" + boot, rooms);
                }
            }
            unwatched.clear();
        }

        /** The clients: one action every few milliseconds, chosen by their own seeded random. */
        private final class Clients {
            private final Random random;
            private int actions;
            private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "clients");
                thread.setDaemon(true);
                return thread;
            });

            Clients(Random random) {
                this.random = random;
            }

            void start() {
                timer.scheduleAtFixedRate(this::step, 0, 1000 / OPS_PER_SECOND, TimeUnit.MILLISECONDS);
            }

            void stop() {
                timer.shutdownNow();
                try {
                    timer.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log.note("the clients stop after " + actions + " actions; " + fleet.tabs().size() + " tabs open");
            }

            private void step() {
                try {
                    act();
                } catch (RuntimeException e) {
                    log.add("a client action could not start: " + e);
                }
            }

            private void act() {
                actions++;
                List<RedisNode> live = fleet.live();
                if (live.isEmpty()) {
                    return;
                }
                String user = user(random.nextInt(USERS));
                List<Tab> tabs = fleet.tabs().stream().filter(t -> t.user().equals(user) && !t.closing())
                        .sorted(java.util.Comparator.comparing(t -> t.session().id().value())).toList();
                int dice = random.nextInt(100);
                if (tabs.isEmpty() || (dice < 30 && tabs.size() < MAX_TABS)) {
                    fleet.openAsync(live.get(random.nextInt(live.size())), user);
                    return;
                }
                Tab tab = tabs.get(random.nextInt(tabs.size()));
                List<String> in = List.copyOf(tab.rooms());
                if (dice < 55) {
                    fleet.closeAsync(tab);
                } else if (dice < 85 || in.isEmpty()) {
                    fleet.joinAsync(tab, "r" + random.nextInt(ROOMS));
                } else {
                    fleet.leaveAsync(tab, in.get(random.nextInt(in.size())));
                }
            }
        }

        private static String user(int i) {
            return String.format(Locale.ROOT, "u%02d", i);
        }
    }
}
