package dev.roster.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.DurationConverter;
import dev.roster.bench.load.Crowd;
import dev.roster.bench.load.VirtualUser;
import dev.roster.bench.proto.Endpoints;
import dev.roster.bench.proto.EventPages;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A rolling restart of one node: N users on node A and N on node B (one Redis), then {@code --restart-command}
 * stops A with SIGTERM and starts it again, while every client A closes reconnects, with jittered exponential
 * backoff, to a node chosen at random at each attempt. Reports each client's gap (from the close it heard to its new
 * welcome), the time until all are back, the attempts, the users announced offline in the event log (any that came
 * back within grace, or any of B's, fails the run), and the truth on both nodes at the end. Whether a user came back
 * within grace is judged by the nodes' clock, from the event log: from the {@code session.closed} of its session on
 * A, when its grace period started, to the {@code session.opened} of its new one.
 */
@Command(name = "rolling-restart", mixinStandardHelpOptions = true,
        description = "Stop node A (the first --url) gracefully and start it again while its clients reconnect to "
                + "either node; report who was announced offline and how long until all were back.")
public final class RollingRestartCommand extends Scenario {
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @Option(names = "--users", defaultValue = "5000",
            description = "Users on each of the two nodes (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--restart-command", required = true,
            description = "Shell command (sh -c) that stops node A with SIGTERM and starts it again; the scenario "
                    + "runs it once every user is open.")
    String restartCommand;

    @Option(names = "--restart-timeout", defaultValue = "180s", converter = DurationConverter.class,
            description = "Longest the restart command may take (default: ${DEFAULT-VALUE}).")
    Duration restartTimeout;

    @Option(names = "--first-backoff", defaultValue = "100ms", converter = DurationConverter.class,
            description = "Backoff before a client's first reconnect attempt; doubled after each failed one, each "
                    + "wait drawn between half and all of it (default: ${DEFAULT-VALUE}).")
    Duration firstBackoff;

    @Option(names = "--max-backoff", defaultValue = "2s", converter = DurationConverter.class,
            description = "Longest backoff between a client's attempts (default: ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(names = "--give-up", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long after its close a client stops trying (default: ${DEFAULT-VALUE}).")
    Duration giveUp;

    @Override
    protected int connections() {
        return 2 * users;
    }

    @Override
    protected void validate() {
        if (users < 1 || users > 50_000) {
            throw new IllegalArgumentException("--users must be 1 to 50000");
        }
        if (common.urls.size() != 2) {
            throw new IllegalArgumentException("give exactly two --url: node A (restarted) and node B");
        }
        if (restartCommand.isBlank()) {
            throw new IllegalArgumentException("--restart-command must not be blank");
        }
        if (firstBackoff.isZero() || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("--first-backoff must be above zero and --max-backoff at least it");
        }
        if (giveUp.isNegative() || giveUp.isZero() || restartTimeout.isNegative() || restartTimeout.isZero()) {
            throw new IllegalArgumentException("--give-up and --restart-timeout must be above zero");
        }
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("rolling-restart").parameter("usersPerNode", users)
                .parameter("grace", context.grace()).parameter("firstBackoff", firstBackoff)
                .parameter("maxBackoff", maxBackoff);
        String prefix = RunIds.room("rr");
        Endpoints a = context.node(0);
        Endpoints b = context.node(1);
        EventPages log = new EventPages(new ObjectMapper(), b, common.adminToken);
        Map<String, Long> closedAt = new ConcurrentHashMap<>();
        Map<String, Integer> closeCodes = new ConcurrentHashMap<>();
        Map<String, Long> backAt = new ConcurrentHashMap<>();
        Map<String, Endpoints> backOn = new ConcurrentHashMap<>();
        AtomicLong attempts = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicInteger gaveUp = new AtomicInteger();
        Latency connect = new Latency("open->welcome");
        Latency gap = new Latency("close heard->welcome again");
        Latency reconnect = new Latency("reconnect open->welcome");
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "reconnects");
            t.setDaemon(true);
            return t;
        });
        try (Crowd first = context.crowd(); Crowd again = context.crowd();
             Progress progress = new Progress(context.out(), () -> first.openCount() + " open, " + closedAt.size()
                     + " closed by A, " + backAt.size() + " back, " + attempts.get() + " attempts")) {
            // A's users come back when A closes them; B's stay. A user that could not open at all is left out (and
            // the run fails), but the restart still runs for the others
            List<VirtualUser> ofA = first.open(users, i -> prefix + "-a-" + i, i -> a, (i, name) -> frame -> { },
                    connect).stream().filter(u -> u.welcome().isDone() && !u.welcome().isCompletedExceptionally())
                    .toList();
            CountDownLatch allBack = new CountDownLatch(ofA.size());
            Reconnects reconnects = new Reconnects(again, List.of(a, b), timers, reconnect, attempts, refused,
                    gaveUp, closedAt, backAt, backOn, allBack, gap);
            for (VirtualUser user : ofA) {
                user.closed().thenAccept(code -> {
                    if (user.leaving()) {
                        return;
                    }
                    closedAt.put(user.user(), System.nanoTime());
                    closeCodes.put(user.user(), code);
                    reconnects.start(user.user());
                });
            }
            first.open(users, i -> prefix + "-b-" + i, i -> b, (i, name) -> frame -> { }, connect);
            report.figure("connections open before the restart", first.openCount(), "")
                    .figure("connect failures before the restart", first.failures(), "")
                    .latency(connect);
            if (first.failures() > 0) {
                report.failure(first.failures() + " connections failed to open, first " + first.firstFailure());
            }
            report.truth(context.truth(first.openUsers()));
            if (!report.truthResult().exact()) {
                report.failure("the nodes did not agree before the restart");
                return report;
            }
            String start = log.end();

            long restartAt = System.nanoTime();
            ProcessBuilder command = new ProcessBuilder("sh", "-c", restartCommand).inheritIO();
            Process restart = command.start();
            boolean allCameBack = allBack.await(giveUp.toMillis() + restartTimeout.toMillis(), TimeUnit.MILLISECONDS);
            long lastBack = backAt.values().stream().mapToLong(Long::longValue).max().orElse(restartAt);
            boolean restartEnded = restart.waitFor(Math.max(0, restartTimeout.toMillis()
                    - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt)), TimeUnit.MILLISECONDS);
            long restartTook = System.nanoTime() - restartAt;
            if (!restartEnded) {
                restart.destroyForcibly();
                report.failure("the restart command did not end within " + restartTimeout);
            } else if (restart.exitValue() != 0) {
                report.failure("the restart command exited with " + restart.exitValue());
            }
            // every grace period started by the restart has run out, and a sweep has seen it
            Sleep.until(System.nanoTime() + context.grace().plus(SETTLE).toNanos());

            Map<String, Long> gaps = new HashMap<>();
            backAt.forEach((user, at) -> gaps.put(user, TimeUnit.NANOSECONDS.toMillis(at - closedAt.get(user))));
            long withinGrace = gaps.values().stream().filter(g -> g < context.grace().toMillis()).count();
            List<JsonNode> events = log.after(start);
            Map<String, Integer> offline = offlineAfter(events, prefix);
            // the node's own gap: from the session.closed of A's session (when its grace period started) to the
            // session.opened of the client's new one, both stamped by the nodes; the generator's gap above starts
            // when its listener ran, which can be late when thousands of closes arrive together
            Map<String, Long> nodeGaps = nodeGaps(events, prefix + "-a-");
            // an offline is judged by the grace period that ran out: from the last close before it (a client may
            // have come back once, been closed again by A while it stopped, and come back a second time) to the
            // first open after that close
            Map<String, Long> offlineGaps = offlineGaps(events, prefix + "-a-");
            long grace = context.grace().toMillis();
            long offlineBackWithinGrace = offline.keySet().stream().filter(u -> offlineGaps.containsKey(u)
                    && offlineGaps.get(u) < grace).count();
            long offlineBackLater = offline.keySet().stream().filter(u -> offlineGaps.containsKey(u)
                    && offlineGaps.get(u) >= grace).count();
            // back within grace once, then closed again and away longer than grace: rightly offline, but not what a
            // rolling restart should do to a client, so each one's events are printed
            List<String> closedAgain = offline.keySet().stream().filter(u -> nodeGaps.containsKey(u)
                    && nodeGaps.get(u) < grace && offlineGaps.getOrDefault(u, 0L) >= grace).sorted().toList();
            closedAgain.stream().limit(5).forEach(u -> context.out().println("closed again after coming back: " + u
                    + ": " + history(events, u)));
            long offlineBackWithinGraceByGenerator = offline.keySet().stream().filter(u -> gaps.containsKey(u)
                    && gaps.get(u) < grace).count();
            long withinGraceByNodes = nodeGaps.values().stream().filter(g -> g < grace).count();
            long offlineOfB = offline.keySet().stream().filter(u -> u.startsWith(prefix + "-b-")).count();
            long offlineNeverBack = offline.keySet().stream().filter(u -> u.startsWith(prefix + "-a-")
                    && !gaps.containsKey(u)).count();
            long wrongCodes = closeCodes.values().stream().filter(c -> c != 1001).count();
            long onA = backOn.values().stream().filter(a::equals).count();

            report.figure("clients closed by A", closedAt.size(), "")
                    .figure("close codes other than 1001", wrongCodes, "")
                    .figure("clients back", backAt.size(), "")
                    .figure("clients back on A (restarted)", onA, "")
                    .figure("clients back on B", backAt.size() - onA, "")
                    .figure("clients that gave up", gaveUp.get(), "")
                    .figure("clients back within grace", withinGrace, "")
                    .figure("reconnect attempts", attempts.get(), "")
                    .figure("reconnect attempts refused or failed", refused.get(), "")
                    .figure("restart command took", restartTook / 1e6, "ms")
                    .figure("SIGTERM to last client back", allCameBack
                            ? TimeUnit.NANOSECONDS.toMillis(lastBack - restartAt) : -1, "ms")
                    .figure("clients back within grace by the nodes' clock", withinGraceByNodes, "")
                    .figure("offline: back within grace (must be 0)", offlineBackWithinGrace, "")
                    .figure("offline: back after grace", offlineBackLater, "")
                    .figure("offline: back within grace, then closed again", closedAgain.size(), "")
                    .figure("offline: back within grace by the generator's clock", offlineBackWithinGraceByGenerator,
                            "")
                    .figure("offline: never back", offlineNeverBack, "")
                    .figure("offline: users of B (must be 0)", offlineOfB, "")
                    .latency(gap).latency(reconnect);
            if (!allCameBack) {
                report.failure((ofA.size() - backAt.size()) + " of A's clients were not back in time");
            }
            if (wrongCodes > 0) {
                report.failure(wrongCodes + " of A's clients were closed with a code other than 1001");
            }
            if (offlineBackWithinGrace > 0) {
                String which = offline.keySet().stream().filter(u -> offlineGaps.containsKey(u)
                        && offlineGaps.get(u) < grace).sorted().limit(5)
                        .map(u -> u + " (back after " + offlineGaps.get(u) + " ms; its events: "
                                + history(events, u) + ")").reduce((x, y) -> x + ", " + y)
                        .orElse("");
                report.failure(offlineBackWithinGrace + " users were announced offline though their client was back "
                        + "within grace by the nodes' clock: " + which);
            }
            if (offlineOfB > 0) {
                report.failure(offlineOfB + " users of B were announced offline");
            }
            Set<String> open = new HashSet<>(first.openUsers());
            open.addAll(again.openUsers());
            report.truth(context.truth(open));
            if (first.badFrames() + again.badFrames() > 0) {
                report.failure((first.badFrames() + again.badFrames()) + " frames were not JSON objects with a type");
            }
        } finally {
            timers.shutdownNow();
        }
        return report;
    }

    /**
     * For each user whose id starts with {@code prefix} and whose session was closed among {@code events}: the time
     * from its first {@code session.closed} to the first {@code session.opened} after it, by the events' {@code at}.
     */
    public static Map<String, Long> nodeGaps(List<JsonNode> events, String prefix) {
        Map<String, Long> closed = new HashMap<>();
        Map<String, Long> gaps = new HashMap<>();
        for (JsonNode event : events) {
            String user = event.path("user").asText();
            if (!user.startsWith(prefix) || gaps.containsKey(user)) {
                continue;
            }
            String type = event.path("type").asText();
            long at = event.path("at").asLong();
            if (type.equals("session.closed")) {
                closed.putIfAbsent(user, at);
            } else if (type.equals("session.opened") && closed.containsKey(user)) {
                gaps.put(user, at - closed.get(user));
            }
        }
        return gaps;
    }

    /**
     * For each user whose id starts with {@code prefix} and who was announced offline among {@code events}: the time
     * from the last {@code session.closed} before its first {@code user.offline} (the close whose grace period ran
     * out) to the first {@code session.opened} after that close, by the events' {@code at}. Under grace, the user
     * was back before its grace period ended and should not have been announced offline. A user never back after
     * that close is left out.
     */
    public static Map<String, Long> offlineGaps(List<JsonNode> events, String prefix) {
        Map<String, List<JsonNode>> byUser = new HashMap<>();
        for (JsonNode event : events) {
            String user = event.path("user").asText();
            if (user.startsWith(prefix)) {
                byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(event);
            }
        }
        Map<String, Long> gaps = new HashMap<>();
        byUser.forEach((user, own) -> {
            int offline = -1;
            for (int i = 0; i < own.size() && offline < 0; i++) {
                if (own.get(i).path("type").asText().equals("user.offline")) {
                    offline = i;
                }
            }
            int closed = -1;
            for (int i = 0; i < offline; i++) {
                if (own.get(i).path("type").asText().equals("session.closed")) {
                    closed = i;
                }
            }
            if (closed < 0) {
                return;
            }
            // the first open after that close, whether logged before the offline (which it should have prevented)
            // or after it
            for (int i = closed + 1; i < own.size(); i++) {
                if (own.get(i).path("type").asText().equals("session.opened")) {
                    gaps.put(user, own.get(i).path("at").asLong() - own.get(closed).path("at").asLong());
                    return;
                }
            }
        });
        return gaps;
    }

    /** One user's events, in the log's order, as "type at" pairs. */
    private static String history(List<JsonNode> events, String user) {
        StringBuilder out = new StringBuilder();
        for (JsonNode event : events) {
            if (event.path("user").asText().equals(user)) {
                out.append(out.isEmpty() ? "" : ", ").append(event.path("type").asText()).append(' ')
                        .append(event.path("at").asLong());
            }
        }
        return out.toString();
    }

    /** How many times each user of this run was announced offline among {@code events}. */
    private static Map<String, Integer> offlineAfter(List<JsonNode> events, String prefix) {
        Map<String, Integer> offline = new HashMap<>();
        for (JsonNode event : events) {
            String user = event.path("user").asText();
            if (event.path("type").asText().equals("user.offline") && user.startsWith(prefix + "-")) {
                offline.merge(user, 1, Integer::sum);
            }
        }
        return offline;
    }

    /** The reconnect loops of the clients A closed: jittered, doubling backoff, a node chosen at each attempt. */
    private final class Reconnects {
        private final Crowd crowd;
        private final List<Endpoints> nodes;
        private final ScheduledExecutorService timers;
        private final Latency connect;
        private final AtomicLong attempts;
        private final AtomicLong refused;
        private final AtomicInteger gaveUp;
        private final Map<String, Long> closedAt;
        private final Map<String, Long> backAt;
        private final Map<String, Endpoints> backOn;
        private final CountDownLatch allBack;
        private final Latency gap;
        private final AtomicInteger sources = new AtomicInteger();

        Reconnects(Crowd crowd, List<Endpoints> nodes, ScheduledExecutorService timers, Latency connect,
                   AtomicLong attempts, AtomicLong refused, AtomicInteger gaveUp, Map<String, Long> closedAt,
                   Map<String, Long> backAt, Map<String, Endpoints> backOn, CountDownLatch allBack, Latency gap) {
            this.crowd = crowd;
            this.nodes = nodes;
            this.timers = timers;
            this.connect = connect;
            this.attempts = attempts;
            this.refused = refused;
            this.gaveUp = gaveUp;
            this.closedAt = closedAt;
            this.backAt = backAt;
            this.backOn = backOn;
            this.allBack = allBack;
            this.gap = gap;
        }

        void start(String user) {
            schedule(user, firstBackoff.toMillis());
        }

        private void schedule(String user, long backoff) {
            long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            timers.schedule(() -> attempt(user, backoff), wait, TimeUnit.MILLISECONDS);
        }

        private void attempt(String user, long backoff) {
            long closed = closedAt.get(user);
            if (System.nanoTime() - closed > giveUp.toNanos()) {
                gaveUp.incrementAndGet();
                return;
            }
            attempts.incrementAndGet();
            Endpoints node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
            VirtualUser again = crowd.user(user, frame -> { });
            crowd.connect(again, node, sources.getAndIncrement(), connect).whenComplete((welcome, failure) -> {
                if (failure == null) {
                    long now = System.nanoTime();
                    backAt.put(user, now);
                    backOn.put(user, node);
                    gap.recordNanos(now - closed);
                    allBack.countDown();
                } else {
                    refused.incrementAndGet();
                    schedule(user, Math.min(backoff * 2, maxBackoff.toMillis()));
                }
            });
        }
    }
}
