package dev.roster.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.load.Crowd;
import dev.roster.bench.proto.Endpoints;
import dev.roster.bench.proto.Frames;
import dev.roster.bench.proto.RosterApi;
import dev.roster.bench.server.ServerProcess;
import dev.roster.bench.truth.Truth;
import dev.roster.bench.truth.TruthProbe;
import dev.roster.bench.ws.WsClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a scenario runs with: the nodes, their APIs, the client, the server process, and the shared settings. */
public final class RunContext {
    /** Beyond the grace period, how long the truth check waits for the nodes to agree. */
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(2);

    private final CommonOptions options;
    private final List<Endpoints> nodes;
    private final List<RosterApi> apis;
    private final Frames frames;
    private final WsClient client;
    private final ServerProcess server;
    private final PrintStream out;

    RunContext(CommonOptions options, List<Endpoints> nodes, ObjectMapper json, WsClient client,
               ServerProcess server, PrintStream out) {
        this.options = options;
        this.nodes = List.copyOf(nodes);
        this.apis = nodes.stream().map(n -> new RosterApi(json, n, options.adminToken)).toList();
        this.frames = new Frames(json);
        this.client = client;
        this.server = server;
        this.out = out;
    }

    public List<Endpoints> nodes() {
        return nodes;
    }

    /** Node {@code i}, or the last one when fewer were given: one URL serves as both A and B. */
    public Endpoints node(int i) {
        return nodes.get(Math.min(i, nodes.size() - 1));
    }

    public RosterApi api(int i) {
        return apis.get(Math.min(i, apis.size() - 1));
    }

    public Frames frames() {
        return frames;
    }

    public WsClient client() {
        return client;
    }

    public Crowd crowd() {
        return new Crowd(client, frames, options.concurrency, options.timeout);
    }

    public Optional<ServerProcess> server() {
        return Optional.ofNullable(server);
    }

    public Duration duration() {
        return options.duration;
    }

    public Duration timeout() {
        return options.timeout;
    }

    public Duration grace() {
        return options.grace;
    }

    public PrintStream out() {
        return out;
    }

    /**
     * Compares every node's {@code /api/online} with the users held open, waiting through the grace period for
     * users closed earlier to drop out; returns the first node's answer that differs, else the last exact one.
     */
    public Truth truth(Set<String> open) throws IOException, InterruptedException {
        Truth result = null;
        for (RosterApi api : apis) {
            result = new TruthProbe(api, options.pageSize, options.othersListed).check(open, options.grace.plus(SETTLE_MARGIN));
            if (!result.exact()) {
                return result;
            }
        }
        return result;
    }
}
