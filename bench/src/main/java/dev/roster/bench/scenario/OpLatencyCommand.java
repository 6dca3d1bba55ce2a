package dev.roster.bench.scenario;

import dev.roster.bench.DurationConverter;
import dev.roster.bench.load.Crowd;
import dev.roster.bench.load.VirtualUser;
import dev.roster.bench.proto.Frame;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.server.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One operation at a time, at a set rate: a fresh user opens a connection on node A, joins a room, sets its status,
 * leaves the room and closes, over and over, while one watcher on node B sits in the room. Reports the latency of
 * each operation to its reply (open to {@code welcome}, {@code join} to {@code joined}, {@code status} to {@code ok},
 * {@code leave} to {@code left}) and to the watcher's {@code presence} frame for it. With nothing else in flight,
 * these are the latencies of the path itself, not of a queue.
 */
@Command(name = "op-latency", mixinStandardHelpOptions = true,
        description = "One op at a time at --rate on node A: open, join, status, leave, close; latency of each reply "
                + "and of the presence a watcher on node B sees.")
public final class OpLatencyCommand extends Scenario {

    @Option(names = "--rate", defaultValue = "200",
            description = "Operations per second (open, join, status, leave and close each count; "
                    + "default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "Before measuring, run the same cycles this long as fast as they go, unrecorded, in this "
                    + "process: the generator's client code and the server's are then both compiled (default: "
                    + "${DEFAULT-VALUE}; a separate warm-up run warms the server only).")
    Duration warmup;

    @Option(names = "--room", description = "Room (default: a new one for each run).")
    String room = RunIds.room("oplat");

    /** One expected presence frame for the watcher: whose, which state, when the op that causes it was sent. */
    private record Expected(String user, String state, long sentAt, Latency latency, CompletableFuture<Void> seen) {
    }

    @Override
    protected int connections() {
        return 2;
    }

    @Override
    protected void validate() {
        if (rate < 1 || rate > 10_000) {
            throw new IllegalArgumentException("need a --rate of 1 to 10000");
        }
        if (warmup.isNegative() || warmup.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("need a --warmup of 0s to 10m");
        }
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("op-latency").parameter("rate", rate).parameter("duration", context.duration())
                .parameter("warmup", warmup).parameter("room", room);
        Latency welcome = new Latency("open->welcome");
        Latency joined = new Latency("join->joined");
        Latency joinSeen = new Latency("join->watcher presence");
        Latency ok = new Latency("status->ok");
        Latency statusSeen = new Latency("status->watcher presence");
        Latency left = new Latency("leave->left");
        Latency leaveSeen = new Latency("leave->watcher presence");
        Latency watcherConnect = new Latency("watcher open->welcome");
        AtomicReference<Expected> expected = new AtomicReference<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong cycles = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ServerProcess server = context.server().orElse(null);
        String run = room.substring(room.lastIndexOf('-') + 1);
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> cycles.get() + " cycles, " + ops.get() + " ops, "
                     + failed.get() + " failed, " + errors.get() + " errors")) {
            List<VirtualUser> watching = crowd.open(1, i -> "ol-watch-" + run, i -> context.node(1),
                    (i, name) -> frame -> watch(frame, expected, errors), watcherConnect);
            if (crowd.failures() > 0) {
                report.failure("the watcher could not connect: " + crowd.firstFailure());
                report.truth(context.truth(crowd.openUsers()));
                return report;
            }
            Frame watcherJoined = await(watching.get(0).request(context.frames().join(room, "w"), "w"), context);
            if (watcherJoined == null || !watcherJoined.is("joined")) {
                report.failure("the watcher could not join " + room);
                report.truth(context.truth(crowd.openUsers()));
                return report;
            }
            if (!warmup.isZero()) {
                warm(context, crowd, run, expected);
            }
            long period = 1_000_000_000L / rate;
            long cpuBefore = server == null ? 0 : server.cpuNanos();
            long started = System.nanoTime();
            long deadline = started + context.duration().toNanos();
            long[] next = {started};
            for (long k = 0; System.nanoTime() < deadline; k++) {
                String name = "ol-" + run + "-" + k;
                String failure = cycle(context, crowd, name, k, next, period, expected,
                        new Latency[] {welcome, joined, joinSeen, ok, statusSeen, left, leaveSeen}, ops);
                if (failure == null) {
                    cycles.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, name + ": " + failure);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            report.figure("cycles", cycles.get(), "")
                    .figure("failed cycles", failed.get(), "")
                    .figure("ops", ops.get(), "")
                    .figure("ops per second", ops.get() / seconds, "ops/s");
            if (server != null && ops.get() > 0) {
                report.figure("server CPU per op", (server.cpuNanos() - cpuBefore) / 1e3 / ops.get(), "us");
            }
            report.latency(welcome).latency(joined).latency(joinSeen).latency(ok).latency(statusSeen)
                    .latency(left).latency(leaveSeen);
            report.truth(context.truth(crowd.openUsers()));
            if (failed.get() > 0) {
                report.failure(failed.get() + " cycles failed, first " + firstFailure.get());
            }
            if (errors.get() > 0) {
                report.failure(errors.get() + " error frames");
            }
            if (crowd.badFrames() > 0) {
                report.failure(crowd.badFrames() + " frames were not JSON objects with a type");
            }
        }
        return report;
    }

    /**
     * The same cycles as the measured run, back to back for {@code --warmup}, recorded nowhere: a failure here is
     * left to the measured run to find. Users are named apart from the measured run's.
     */
    private void warm(RunContext context, Crowd crowd, String run, AtomicReference<Expected> expected)
            throws InterruptedException {
        Latency[] unrecorded = new Latency[7];
        for (int i = 0; i < unrecorded.length; i++) {
            unrecorded[i] = new Latency("warm-up " + i);
        }
        long deadline = System.nanoTime() + warmup.toNanos();
        long[] next = {System.nanoTime()};
        AtomicLong ops = new AtomicLong();
        for (long k = 0; System.nanoTime() < deadline; k++) {
            cycle(context, crowd, "ol-" + run + "-warm-" + k, k, next, 0, expected, unrecorded, ops);
        }
        expected.set(null);
    }

    /**
     * One user's open, join, status, leave and close, each sent at its own slot of the rate and only once the one
     * before was answered (and seen by the watcher); says what went wrong, or null.
     */
    private String cycle(RunContext context, Crowd crowd, String name, long k, long[] next, long period,
                         AtomicReference<Expected> expected, Latency[] latencies, AtomicLong ops)
            throws InterruptedException {
        VirtualUser user = crowd.user(name, frame -> { });
        pace(next, period);
        ops.incrementAndGet();
        if (!done(crowd.connect(user, context.node(0), 0, latencies[0]), context)) {
            user.close();
            return "no welcome";
        }
        String failure = op(context, user, context.frames().join(room, "j" + k), "j" + k, "joined", latencies[1],
                new Expected(name, "online", 0, latencies[2], new CompletableFuture<>()), next, period, expected,
                ops);
        if (failure == null) {
            failure = op(context, user, context.frames().status("away", "s" + k), "s" + k, "ok", latencies[3],
                    new Expected(name, "away", 0, latencies[4], new CompletableFuture<>()), next, period, expected,
                    ops);
        }
        if (failure == null) {
            failure = op(context, user, context.frames().leave(room, "l" + k), "l" + k, "left", latencies[5],
                    new Expected(name, "offline", 0, latencies[6], new CompletableFuture<>()), next, period, expected,
                    ops);
        }
        pace(next, period);
        ops.incrementAndGet();
        if (!crowd.closeOne(user) && failure == null) {
            failure = "not closed within the timeout";
        }
        return failure;
    }

    /** Sends one frame; records the time to its reply and to the watcher's presence frame; says what failed. */
    private String op(RunContext context, VirtualUser user, String frame, String id, String answer, Latency reply,
                      Expected seen, long[] next, long period, AtomicReference<Expected> expected, AtomicLong ops)
            throws InterruptedException {
        pace(next, period);
        ops.incrementAndGet();
        long sentAt = System.nanoTime();
        Expected waiting = new Expected(seen.user(), seen.state(), sentAt, seen.latency(), seen.seen());
        expected.set(waiting);
        Frame got = await(user.request(frame, id), context);
        if (got == null) {
            return "no " + answer + " within " + context.timeout();
        }
        reply.recordNanos(System.nanoTime() - sentAt);
        if (!got.is(answer)) {
            return "got " + got.type() + " " + got.code() + " instead of " + answer;
        }
        if (!done(waiting.seen(), context)) {
            return "the watcher saw no presence " + seen.state() + " within " + context.timeout();
        }
        return null;
    }

    /** Waits for the next slot of the rate; a slot missed because the last op was slow is not made up later. */
    private static void pace(long[] next, long period) throws InterruptedException {
        Sleep.until(next[0]);
        next[0] = Math.max(next[0] + period, System.nanoTime());
    }

    private static void watch(Frame frame, AtomicReference<Expected> expected, AtomicLong errors) {
        if (frame.is("error")) {
            errors.incrementAndGet();
            return;
        }
        Expected waiting = expected.get();
        if (frame.is("presence") && waiting != null && waiting.user().equals(frame.user())
                && waiting.state().equals(frame.state()) && !waiting.seen().isDone()) {
            waiting.latency().recordNanos(System.nanoTime() - waiting.sentAt());
            waiting.seen().complete(null);
        }
    }

    /** The future's value, or null when it failed or did not complete within the timeout. */
    private static <T> T await(CompletableFuture<T> future, RunContext context) throws InterruptedException {
        try {
            return future.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Whether the future completed normally within the timeout. */
    private static boolean done(CompletableFuture<?> future, RunContext context) throws InterruptedException {
        try {
            future.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
