package dev.roster.bench.scenario;

import dev.roster.bench.load.Crowd;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.server.ServerProcess;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Opens N connections ({@code idle-<i>} under dev auth), holds them for the duration, and reports the connect rate
 * and, per connection, what the server's heap (after GC) and RSS grew by; the generator's own growth too, which is
 * how the WebSocket clients are compared.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "Open N connections and hold them; report connect rate and memory per connection.")
public final class IdleCommand extends Scenario {

    @Option(names = {"-n", "--connections"}, defaultValue = "1000",
            description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    protected int connections() {
        return count;
    }

    @Override
    protected void validate() {
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("--connections must be 1 to 1000000");
        }
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("idle").parameter("connections", count).parameter("hold", context.duration());
        MemoryProbe server = context.server().map(MemoryProbe::new).orElse(null);
        ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
        MemoryProbe generator = new MemoryProbe(self);
        if (server != null) {
            server.before();
        }
        generator.before();
        Latency connect = new Latency("open->welcome");
        long generatorCpu = self.cpuNanos();
        long serverCpu = context.server().isPresent() ? context.server().get().cpuNanos() : 0;
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> crowd.openCount() + " open, "
                     + crowd.failures() + " failed, " + crowd.unexpectedCloses() + " closed by server")) {
            long started = System.nanoTime();
            crowd.open(count, i -> "idle-" + i, i -> context.node(i % context.nodes().size()),
                    (i, name) -> frame -> { }, connect);
            double seconds = (System.nanoTime() - started) / 1e9;
            int opened = crowd.openCount();
            report.figure("connections open", opened, "")
                    .figure("connect failures", crowd.failures(), "")
                    .figure("connect time", seconds, "s")
                    .figure("connect rate", opened / seconds, "conn/s")
                    .latency(connect);
            if (opened > 0) {
                report.figure("generator CPU per connect", (self.cpuNanos() - generatorCpu) / 1e3 / opened, "us");
                if (context.server().isPresent()) {
                    report.figure("server CPU per connect",
                            (context.server().get().cpuNanos() - serverCpu) / 1e3 / opened, "us");
                }
            }
            Sleep.until(System.nanoTime() + context.duration().toNanos());
            report.figure("closed by server during hold", crowd.unexpectedCloses(), "");
            if (server != null) {
                server.after(report, "server", opened);
            }
            generator.after(report, "generator", opened);
            report.truth(context.truth(crowd.openUsers()));
            if (crowd.failures() > 0) {
                report.failure(crowd.failures() + " connections failed to open, first " + crowd.firstFailure());
            }
            if (crowd.unexpectedCloses() > 0) {
                report.failure(crowd.unexpectedCloses() + " idle connections were closed by the server");
            }
            if (crowd.badFrames() > 0) {
                report.failure(crowd.badFrames() + " frames were not JSON objects with a type");
            }
        }
        return report;
    }

    /** Heap after GC and RSS of one process, before and after the connections, per connection. */
    private static final class MemoryProbe {
        private final ServerProcess process;
        private long heapBefore;
        private long rssBefore;

        MemoryProbe(ServerProcess process) {
            this.process = process;
        }

        void before() throws Exception {
            heapBefore = process.heapAfterGcKib();
            rssBefore = process.rssKib();
        }

        void after(Report report, String who, int connections) throws Exception {
            long heap = process.heapAfterGcKib();
            long rss = process.rssKib();
            report.figure(who + " heap after GC", heap, "KiB")
                    .figure(who + " RSS", rss, "KiB");
            Optional.of(connections).filter(c -> c > 0).ifPresent(c -> report
                    .figure(who + " heap per connection", (heap - heapBefore) * 1024.0 / c, "bytes")
                    .figure(who + " RSS per connection", (rss - rssBefore) * 1024.0 / c, "bytes"));
        }
    }
}
