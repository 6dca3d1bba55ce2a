package dev.roster.bench.scenario;

import dev.roster.bench.load.Crowd;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.truth.Truth;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Opens N users over the nodes and compares every node's {@code /api/online} (all pages) with them; closes them and,
 * once the grace period has passed, checks that none is listed. Any difference fails the run (exit code 1).
 */
@Command(name = "truth", mixinStandardHelpOptions = true,
        description = "Compare /api/online with the users the generator holds open; exit 1 on any difference.")
public final class TruthCommand extends UsersScenario {

    public TruthCommand() {
        super(0, 1_000_000);
    }

    @Option(names = {"-n", "--users"}, defaultValue = "100", description = "Users to open (default: ${DEFAULT-VALUE}).")
    void users(int users) {
        this.users = users;
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("truth").parameter("users", users);
        Latency connect = new Latency("open->welcome");
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> crowd.openCount() + " open")) {
            crowd.open(users, i -> "truth-" + i, i -> context.node(i % context.nodes().size()),
                    (i, name) -> frame -> { }, connect);
            report.latency(connect).figure("open", crowd.openCount(), "");
            Truth whileOpen = context.truth(crowd.openUsers());
            report.figure("listed while open", whileOpen.listed(), "");
            if (!whileOpen.exact()) {
                report.failure("while open: " + whileOpen.describe());
            }
            if (crowd.failures() > 0) {
                report.failure(crowd.failures() + " connections failed to open, first " + crowd.firstFailure());
            }
        }
        Truth afterClose = context.truth(Set.of());
        report.figure("listed after close and grace", afterClose.listed(), "");
        return report.truth(afterClose);
    }
}
