package dev.roster.bench.truth;

import dev.roster.bench.proto.RosterApi;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Asks a node's {@code /api/online} until it agrees with what is open, or a settle time passes. Waiting is needed
 * because users closed before the check stay listed through the grace period; the last answer is what counts.
 */
public final class TruthProbe {
    private static final Duration POLL = Duration.ofMillis(250);
    private final RosterApi api;
    private final int pageSize;
    private final String othersPrefix;

    public TruthProbe(RosterApi api, int pageSize) {
        this(api, pageSize, null);
    }

    /**
     * @param othersPrefix users whose id starts with this are listed by something other than the run (users seeded
     *                     into the store for a measurement) and are left out of the comparison; null: none
     */
    public TruthProbe(RosterApi api, int pageSize, String othersPrefix) {
        this.api = api;
        this.pageSize = pageSize;
        this.othersPrefix = othersPrefix == null || othersPrefix.isEmpty() ? null : othersPrefix;
    }

    public Truth check(Set<String> open, Duration settle) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            List<String> listed = api.onlineUsers(pageSize);
            if (othersPrefix != null) {
                listed = listed.stream().filter(user -> !user.startsWith(othersPrefix)).toList();
            }
            Truth truth = Truth.compare(open, listed);
            if (truth.exact() || System.nanoTime() >= deadline) {
                return truth;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
