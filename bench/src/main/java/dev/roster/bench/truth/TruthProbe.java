package dev.roster.bench.truth;

import dev.roster.bench.proto.RosterApi;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Asks a node's {@code /api/online} until it agrees with what is open, or a settle time passes. Waiting is needed
 * because users closed before the check stay listed through the grace period; the last answer is what counts.
 */
public final class TruthProbe {
    private static final Duration POLL = Duration.ofMillis(250);
    private final RosterApi api;
    private final int pageSize;

    public TruthProbe(RosterApi api, int pageSize) {
        this.api = api;
        this.pageSize = pageSize;
    }

    public Truth check(Set<String> open, Duration settle) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            Truth truth = Truth.compare(open, api.onlineUsers(pageSize));
            if (truth.exact() || System.nanoTime() >= deadline) {
                return truth;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
