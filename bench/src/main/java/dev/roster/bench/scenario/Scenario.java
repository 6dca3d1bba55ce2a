package dev.roster.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.proto.Endpoints;
import dev.roster.bench.report.Report;
import dev.roster.bench.report.ReportWriter;
import dev.roster.bench.server.ProcFiles;
import dev.roster.bench.server.ServerProcess;
import dev.roster.bench.ws.SourceAddresses;
import dev.roster.bench.ws.WsClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A scenario subcommand: builds the run context from the common options, runs, prints the results table, writes
 * the JSON, and exits 0 when the run passed (truth exact, nothing failed), 1 when it did not.
 */
public abstract class Scenario implements Callable<Integer> {
    /** A connection held idle must never time out during a run: the generator decides when it closes. */
    private static final Duration CLIENT_IDLE_TIMEOUT = Duration.ofHours(2);

    @Mixin
    CommonOptions common;

    /** How many connections the scenario holds at once at most, to plan source addresses. */
    protected abstract int connections();

    /** Refuses options out of range with an {@link IllegalArgumentException}, before anything is opened. */
    protected abstract void validate();

    protected abstract Report run(RunContext context) throws Exception;

    @Override
    public Integer call() throws Exception {
        common.validate();
        validate();
        List<Endpoints> nodes = common.urls.stream().map(Endpoints::loopback).toList();
        ServerProcess server = common.serverPid == null ? null : new ServerProcess(common.serverPid);
        List<InetAddress> sources = common.sourceAddresses == null
                ? SourceAddresses.plan(connections(), portRange())
                : SourceAddresses.parse(common.sourceAddresses);
        ObjectMapper json = new ObjectMapper();
        PrintStream out = System.out;
        double loadBefore = loadAverage();
        Report report;
        try (WsClient client = common.client.create(sources, CLIENT_IDLE_TIMEOUT, common.timeout)) {
            RunContext context = new RunContext(common, nodes, json, client, server, out);
            try {
                report = run(context);
            } catch (IOException e) {
                // a node's API, /proc or jcmd failed mid-run: the run has no result to report
                System.err.println("error: " + e);
                return 1;
            }
            report.parameter("client", common.client.name().toLowerCase(java.util.Locale.ROOT))
                    .parameter("nodes", nodes.size())
                    .parameter("sourceAddresses", Math.max(1, sources.size()))
                    .figure("machine load average before", loadBefore, "")
                    .figure("machine load average after", loadAverage(), "");
        }
        ReportWriter writer = new ReportWriter(json);
        out.print(writer.table(report));
        if (common.json != null) {
            writer.writeJson(report, common.json);
            out.println("json: " + common.json.toAbsolutePath());
        }
        return report.passed() ? 0 : 1;
    }

    /** The one-minute load average: on a shared 2-core machine, anything above 0 also competes with the run. */
    private static double loadAverage() throws IOException {
        return Double.parseDouble(ProcFiles.read(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    }

    private static int portRange() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            // Linux's default range, 32768 to 60999
            return 28_232;
        }
        String[] bounds = ProcFiles.read(range).trim().split("\\s+");
        return Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1;
    }
}
