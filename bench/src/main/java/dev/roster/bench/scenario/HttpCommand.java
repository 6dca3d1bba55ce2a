package dev.roster.bench.scenario;

import dev.roster.bench.http.KeepAliveLoad;
import dev.roster.bench.load.Crowd;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.server.ServerProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Holds one user online ({@value #ONLINE_USER}, one WebSocket connection, so that {@code /api/users/http-online}
 * answers a live presence), then runs N keep-alive HTTP/1.1 clients, each looping a GET on one path with the
 * admin bearer token, and reports answers per second, latency, answers other than 2xx, and the server's CPU per
 * answer. Run it once with {@code --path /health/live} in the same setting to compare a path with the cheapest
 * answer the node gives.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "N keep-alive clients looping GET on one path; report answers/s, latency, server CPU per answer.")
public final class HttpCommand extends Scenario {
    static final String ONLINE_USER = "http-online";

    @Option(names = "--path", defaultValue = "/api/users/" + ONLINE_USER,
            description = "Path (and query) to GET (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--clients", defaultValue = "64",
            description = "Keep-alive connections, each with one request in flight (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--requests", defaultValue = "5000000",
            description = "Stop after this many requests in all, or at --duration (default: ${DEFAULT-VALUE}).")
    long requests;

    @Override
    protected int connections() {
        return 1;
    }

    @Override
    protected void validate() {
        if (clients < 1 || clients > 1_000) {
            throw new IllegalArgumentException("--clients must be 1 to 1000");
        }
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("--path must start with /");
        }
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("http").parameter("path", path).parameter("clients", clients)
                .parameter("duration", context.duration()).parameter("maxRequests", requests);
        URI base = context.node(0).base();
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        if ("https".equals(base.getScheme())) {
            throw new IllegalArgumentException("the http scenario speaks plain HTTP only");
        }
        String token = common.adminToken;
        KeepAliveLoad load = new KeepAliveLoad(new InetSocketAddress(base.getHost(), port), path,
                token == null || token.isBlank() ? null : "Bearer " + token);
        Latency latency = new Latency("GET " + path);
        try (Crowd crowd = context.crowd()) {
            crowd.open(1, i -> ONLINE_USER, i -> context.node(0), (i, name) -> frame -> { },
                    new Latency("open->welcome"));
            if (crowd.openCount() != 1) {
                report.failure("could not hold " + ONLINE_USER + " online: " + crowd.firstFailure());
            }
            long serverCpu = context.server().isPresent() ? context.server().get().cpuNanos() : 0;
            ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
            long generatorCpu = self.cpuNanos();
            long started = System.nanoTime();
            try (Progress progress = new Progress(context.out(), () -> load.answered() + " answered, "
                    + load.non2xx() + " not 2xx, " + load.errors() + " connection errors")) {
                load.run(clients, requests, started + context.duration().toNanos(), latency);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long answered = load.answered();
            report.figure("answers", answered, "")
                    .figure("answer rate", answered / seconds, "answers/s")
                    .figure("answers not 2xx", load.non2xx(), "")
                    .figure("connection errors", load.errors(), "")
                    .latency(latency);
            if (answered > 0) {
                report.figure("generator CPU per answer", (self.cpuNanos() - generatorCpu) / 1e3 / answered, "us");
                if (context.server().isPresent()) {
                    report.figure("server CPU per answer",
                            (context.server().get().cpuNanos() - serverCpu) / 1e3 / answered, "us");
                }
            }
            report.truth(context.truth(crowd.openUsers()));
            if (answered == 0) {
                report.failure("no answers at all");
            }
            if (load.non2xx() > 0) {
                report.failure(load.non2xx() + " answers were not 2xx");
            }
            if (load.errors() > 0) {
                report.failure(load.errors() + " connections failed, first " + load.firstError());
            }
        }
        return report;
    }
}
