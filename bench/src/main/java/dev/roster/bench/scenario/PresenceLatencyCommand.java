package dev.roster.bench.scenario;

import dev.roster.bench.load.Crowd;
import dev.roster.bench.load.VirtualUser;
import dev.roster.bench.proto.Frame;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Watchers in a room on node B; joiners on node A join and leave that room at a set rate. Reports the time from
 * sending each join or leave to each watcher's {@code presence} frame for it.
 */
@Command(name = "presence-latency", mixinStandardHelpOptions = true,
        description = "Joins and leaves on node A at --rate; time until watchers on node B see them.")
public final class PresenceLatencyCommand extends Scenario {

    @Option(names = "--watchers", defaultValue = "10", description = "Watchers in the room (default: ${DEFAULT-VALUE}).")
    int watchers;

    @Option(names = "--joiners", defaultValue = "50",
            description = "Users taking turns to join and leave (default: ${DEFAULT-VALUE}).")
    int joiners;

    @Option(names = "--rate", defaultValue = "200",
            description = "Joins plus leaves per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--room", description = "Room (default: a new one for each run, so that users lingering "
            + "from an earlier run through the grace period cannot hide joins).")
    String room = RunIds.room("presence");

    @Override
    protected int connections() {
        return watchers + joiners;
    }

    @Override
    protected void validate() {
        if (watchers < 1 || watchers > 10_000 || joiners < 1 || joiners > 10_000 || rate < 1 || rate > 100_000) {
            throw new IllegalArgumentException("need 1 to 10000 --watchers and --joiners and a --rate of 1 to 100000");
        }
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("presence-latency").parameter("watchers", watchers).parameter("joiners", joiners)
                .parameter("rate", rate).parameter("duration", context.duration()).parameter("room", room);
        Latency delivery = new Latency("op->watcher presence");
        Latency connect = new Latency("open->welcome");
        PresenceOps ops = new PresenceOps(joiners, watchers, delivery, context.timeout());
        AtomicLong errors = new AtomicLong();
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> ops.sent() + " ops sent, " + delivery.count()
                     + " deliveries, " + ops.skipped() + " skipped, " + errors.get() + " errors")) {
            List<VirtualUser> watching = crowd.open(watchers, i -> "pl-watch-" + i, i -> context.node(1),
                    (i, name) -> watcher(i, ops, errors), connect);
            String joinFailure = joinAll(context, watching);
            if (joinFailure != null) {
                report.failure(joinFailure);
                report.truth(context.truth(crowd.openUsers()));
                return report;
            }
            List<VirtualUser> joining = crowd.open(joiners, i -> "pl-join-" + i, i -> context.node(0),
                    (i, name) -> frame -> countErrors(frame, errors), connect);
            if (crowd.failures() > 0) {
                report.failure(crowd.failures() + " connections failed to open, first " + crowd.firstFailure());
                report.truth(context.truth(crowd.openUsers()));
                return report;
            }
            long started = System.nanoTime();
            long total = (long) rate * context.duration().toSeconds();
            for (long k = 0; k < total; k++) {
                Sleep.until(started + k * 1_000_000_000L / rate);
                int j = (int) (k % joiners);
                String frame = ops.next(j, room, crowd.frames());
                if (frame != null) {
                    joining.get(j).send(frame);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ops.drain(context.timeout());
            report.figure("ops sent", ops.sent(), "")
                    .figure("ops per second", ops.sent() / seconds, "ops/s")
                    .figure("ops skipped (previous not yet seen)", ops.skipped(), "")
                    .figure("deliveries", delivery.count(), "")
                    .figure("deliveries lost", ops.lost(), "")
                    .figure("deliveries seen twice", ops.duplicates(), "")
                    .latency(delivery).latency(connect);
            report.truth(context.truth(crowd.openUsers()));
            fail(report, "deliveries lost", ops.lost());
            fail(report, "deliveries seen twice", ops.duplicates());
            fail(report, "error frames", errors.get());
            fail(report, "unreadable frames", crowd.badFrames());
        }
        return report;
    }

    private Consumer<Frame> watcher(int index, PresenceOps ops, AtomicLong errors) {
        return frame -> {
            if (frame.is("presence") && room.equals(frame.room())) {
                ops.seen(index, frame.user(), frame.state());
            }
            countErrors(frame, errors);
        };
    }

    /** Joins every watcher to the room; says what went wrong, or null when all joined. */
    private String joinAll(RunContext context, List<VirtualUser> watching) throws InterruptedException {
        Set<CompletableFuture<Frame>> replies = new HashSet<>();
        for (int i = 0; i < watching.size(); i++) {
            replies.add(watching.get(i).request(context.frames().join(room, "w" + i), "w" + i));
        }
        for (CompletableFuture<Frame> reply : replies) {
            try {
                Frame joined = reply.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (!joined.is("joined")) {
                    return "a watcher could not join " + room + ": " + joined.code();
                }
            } catch (ExecutionException e) {
                return "a watcher's join got no reply: " + e.getCause().getMessage();
            } catch (TimeoutException e) {
                return "a watcher's join got no reply within " + context.timeout();
            }
        }
        return null;
    }

    private static void countErrors(Frame frame, AtomicLong errors) {
        if (frame.is("error")) {
            errors.incrementAndGet();
        }
    }

    private static void fail(Report report, String what, long count) {
        if (count > 0) {
            report.failure(count + " " + what);
        }
    }
}
