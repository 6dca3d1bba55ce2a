package dev.roster.bench.scenario;

import dev.roster.bench.DurationConverter;
import dev.roster.bench.ws.ClientKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every scenario shares. */
public final class CommonOptions {

    @Option(names = "--url", split = ",", defaultValue = "http://127.0.0.1:8080",
            description = "Node base URLs, loopback only; scenarios that use two nodes take the first as A and the "
                    + "second as B (default: ${DEFAULT-VALUE}).")
    List<String> urls;

    @Option(names = "--admin-token", defaultValue = "${env:ROSTER_ADMIN_TOKEN}",
            description = "Bearer token for /api (default: $ROSTER_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the scenario runs or holds its load (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;

    @Option(names = "--client", defaultValue = "jetty",
            description = "WebSocket client: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ClientKind client;

    @Option(names = "--concurrency", defaultValue = "64",
            description = "Handshakes in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Longest wait for one connection's welcome or one reply (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--grace", defaultValue = "3s", converter = DurationConverter.class,
            description = "The server's ROSTER_GRACE_MS: how long closed users stay listed (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--server-pid",
            description = "Process id of the (single) server, to read its RSS, heap and CPU time.")
    Long serverPid;

    @Option(names = "--page-size", defaultValue = "500",
            description = "Page size when reading /api/online (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--others-listed",
            description = "Users whose id starts with this are listed online by something other than this run (seeded "
                    + "for a measurement) and are left out of the truth check (default: none).")
    String othersListed;

    @Option(names = "--source-addresses", split = ",",
            description = "Loopback source addresses to spread connections over (default: chosen from the port range).")
    List<String> sourceAddresses;

    void validate() {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("give at least one --url");
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("--concurrency must be 1 to 10000");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("--page-size must be at least 1");
        }
        if (timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be above zero");
        }
    }
}
