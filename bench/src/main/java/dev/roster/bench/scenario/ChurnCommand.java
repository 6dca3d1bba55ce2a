package dev.roster.bench.scenario;

import dev.roster.bench.load.Crowd;
import dev.roster.bench.load.VirtualUser;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.server.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * C virtual users, each looping open, {@code welcome}, close for the duration. Reports cycles per second, the
 * open-to-welcome latency, server CPU per cycle, and what {@code /api/online/count} says once the grace period
 * after the run has passed: anything but 0 fails the run.
 */
@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "Virtual users looping open -> welcome -> close; report cycles/s and leftovers.")
public final class ChurnCommand extends UsersScenario {
    /** After a failed cycle, a pause so that a refusing server is not hammered in a tight loop. */
    private static final long BACKOFF_MILLIS = 50;

    public ChurnCommand() {
        super(1, 2_000);
    }

    @Option(names = {"-c", "--users"}, defaultValue = "50",
            description = "Virtual users looping at once (default: ${DEFAULT-VALUE}).")
    void users(int users) {
        this.users = users;
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("churn").parameter("users", users).parameter("duration", context.duration());
        Latency welcome = new Latency("open->welcome");
        AtomicLong cycles = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ServerProcess server = context.server().orElse(null);
        long cpuBefore = server == null ? 0 : server.cpuNanos();
        ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
        long selfCpuBefore = self.cpuNanos();
        ExecutorService loops = Executors.newFixedThreadPool(users, r -> {
            Thread t = new Thread(r, "churn");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        long deadline = started + context.duration().toNanos();
        long badFrames;
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> cycles.get() + " cycles, " + failed.get()
                     + " failed, " + crowd.openCount() + " open")) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                int index = i;
                running.add(loops.submit(() -> {
                    loop(context, crowd, index, deadline, welcome, cycles, failed);
                    return null;
                }));
            }
            for (Future<?> loop : running) {
                loop.get(context.duration().plus(context.timeout().multipliedBy(3)).toMillis(), TimeUnit.MILLISECONDS);
            }
            badFrames = crowd.badFrames();
        } finally {
            loops.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.figure("cycles", cycles.get(), "")
                .figure("failed cycles", failed.get(), "")
                .figure("cycles per second", cycles.get() / seconds, "cycles/s")
                .latency(welcome);
        if (cycles.get() > 0) {
            report.figure("generator CPU per cycle", (self.cpuNanos() - selfCpuBefore) / 1e3 / cycles.get(), "us");
        }
        if (server != null && cycles.get() > 0) {
            report.figure("server CPU per cycle", (server.cpuNanos() - cpuBefore) / 1e3 / cycles.get(), "us");
        }
        // every churned user closed; once grace has passed nobody of them may still be online
        report.truth(context.truth(Set.of()));
        long left = context.api(0).onlineCount();
        report.figure("online count after grace", left, "");
        if (left != 0) {
            report.failure("online count after grace is " + left + ", not 0");
        }
        if (badFrames > 0) {
            report.failure(badFrames + " frames were not JSON objects with a type");
        }
        if (failed.get() > 0) {
            report.failure(failed.get() + " cycles failed");
        }
        return report;
    }

    private static void loop(RunContext context, Crowd crowd, int index, long deadline, Latency welcome,
                             AtomicLong cycles, AtomicLong failed) throws InterruptedException {
        String name = "churn-" + index;
        int node = index % context.nodes().size();
        while (System.nanoTime() < deadline) {
            VirtualUser user = crowd.user(name, frame -> { });
            try {
                crowd.connect(user, context.node(node), index, welcome)
                        .get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (crowd.closeOne(user)) {
                    cycles.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (ExecutionException | TimeoutException e) {
                failed.incrementAndGet();
                user.close();
                Thread.sleep(BACKOFF_MILLIS);
            }
        }
    }
}
