package dev.roster.bench.scenario;

import dev.roster.bench.load.Crowd;
import dev.roster.bench.load.VirtualUser;
import dev.roster.bench.proto.Frame;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.server.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * M members in one room, spread over the nodes; one of them sends messages one after another. Reports the time
 * until every member has each message, and with {@code --server-pid} the server's CPU per delivered frame.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "One sender, M members in a room; time until all have each message, CPU per frame.")
public final class FanoutCommand extends Scenario {
    /** How long the room must stay quiet after the joins before messages are timed. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(120);

    @Option(names = {"-m", "--members"}, defaultValue = "10", description = "Members (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--messages", defaultValue = "20", description = "Messages sent (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--room", description = "Room (default: a new one for each run, so that members lingering "
            + "from an earlier run through the grace period do not change what the joins cost).")
    String room = RunIds.room("fanout");

    @Override
    protected int connections() {
        return members;
    }

    @Override
    protected void validate() {
        if (members < 1 || members > 100_000 || messages < 1 || messages > 100_000) {
            throw new IllegalArgumentException("--members and --messages must be 1 to 100000");
        }
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("fanout").parameter("members", members).parameter("messages", messages)
                .parameter("room", room);
        Latency all = new Latency("send->all members");
        Latency each = new Latency("send->each member");
        Latency connect = new Latency("open->welcome");
        Broadcasts broadcasts = new Broadcasts(messages, members, each);
        AtomicLong frames = new AtomicLong();
        AtomicLong presences = new AtomicLong();
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> crowd.openCount() + " open, " + frames.get()
                     + " frames in, " + broadcasts.delivered() + " messages delivered")) {
            List<VirtualUser> room = crowd.open(members, i -> "fan-" + i, i -> context.node(i % context.nodes().size()),
                    (i, name) -> frame -> {
                        frames.incrementAndGet();
                        if (frame.is("presence")) {
                            presences.incrementAndGet();
                        }
                        if (frame.is("message") && this.room.equals(frame.room())) {
                            broadcasts.received(frame.text());
                        }
                    }, connect);
            if (crowd.failures() > 0) {
                report.failure(crowd.failures() + " connections failed to open, first " + crowd.firstFailure());
                report.truth(context.truth(crowd.openUsers()));
                return report;
            }
            long joinStarted = System.nanoTime();
            String joinFailure = join(context, room);
            report.figure("join phase", (System.nanoTime() - joinStarted) / 1e9, "s");
            if (joinFailure != null) {
                report.failure(joinFailure);
                report.truth(context.truth(crowd.openUsers()));
                return report;
            }
            waitQuiet(frames);
            report.figure("frames during joins", frames.get(), "")
                    .figure("presence frames during joins", presences.get(), "");
            ServerProcess server = context.server().orElse(null);
            long cpuBefore = server == null ? 0 : server.cpuNanos();
            VirtualUser sender = room.get(0);
            for (int m = 0; m < messages; m++) {
                CompletableFuture<Long> done = broadcasts.send(m);
                sender.send(context.frames().say(this.room, Broadcasts.text(m)));
                try {
                    all.recordNanos(done.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    report.failure("message " + m + " did not reach every member within " + context.timeout());
                    break;
                }
            }
            long delivered = broadcasts.delivered();
            report.figure("messages delivered", delivered, "")
                    .latency(all).latency(each).latency(connect);
            if (server != null && delivered > 0) {
                report.figure("server CPU per delivered frame", (server.cpuNanos() - cpuBefore) / 1e3 / delivered, "us");
            }
            report.truth(context.truth(crowd.openUsers()));
            if (crowd.badFrames() > 0) {
                report.failure(crowd.badFrames() + " frames were not JSON objects with a type");
            }
        }
        return report;
    }

    /** Joins every member and waits for the replies; says what went wrong, or null when all joined. */
    private String join(RunContext context, List<VirtualUser> room) throws InterruptedException {
        List<CompletableFuture<Frame>> replies = new ArrayList<>(room.size());
        for (int i = 0; i < room.size(); i++) {
            replies.add(room.get(i).request(context.frames().join(this.room, "j" + i), "j" + i));
        }
        long deadline = System.nanoTime() + MAX_SETTLE_NANOS;
        for (CompletableFuture<Frame> reply : replies) {
            try {
                Frame joined = reply.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!joined.is("joined")) {
                    return "a member could not join " + this.room + ": " + joined.code();
                }
            } catch (ExecutionException e) {
                return "a member's join got no reply: " + e.getCause().getMessage();
            } catch (TimeoutException e) {
                return "a member's join got no reply within " + MAX_SETTLE_NANOS / 1_000_000_000L + " s";
            }
        }
        return null;
    }

    /** The presence frames of the joins reach every member; timing starts once they stop arriving. */
    private static void waitQuiet(AtomicLong frames) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_SETTLE_NANOS;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = frames.get();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(QUIET_NANOS));
        }
    }
}
