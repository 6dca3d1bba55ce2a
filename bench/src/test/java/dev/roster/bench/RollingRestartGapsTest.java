package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.scenario.RollingRestartCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rolling restart judges who came back within grace by the nodes' own times in the event log. */
class RollingRestartGapsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(String type, String user, long at) {
        return JSON.createObjectNode().put("type", type).put("user", user).put("at", at);
    }

    @Test
    void a_gap_runs_from_the_session_closed_on_a_to_the_next_session_opened() {
        List<JsonNode> events = new ArrayList<>(List.of(
                event("session.closed", "r-a-1", 1_000),
                event("session.closed", "r-a-2", 1_100),
                event("session.opened", "r-a-1", 3_500),
                event("user.offline", "r-a-2", 4_100),
                event("session.opened", "r-a-2", 4_900),
                event("session.opened", "r-a-1", 9_000),
                event("session.closed", "r-b-1", 1_000),
                event("session.opened", "r-b-1", 1_200),
                event("session.opened", "r-a-3", 500)));

        Map<String, Long> gaps = RollingRestartCommand.nodeGaps(events, "r-a-");

        // the first reopening counts, a user of B is not A's, and an open with no close before it is no gap
        assertThat(gaps).containsExactlyInAnyOrderEntriesOf(Map.of("r-a-1", 2_500L, "r-a-2", 3_800L));
    }

    @Test
    void an_offline_is_judged_from_the_close_whose_grace_ran_out() {
        List<JsonNode> events = List.of(
                // back within grace once, closed again (by A while it stopped), back only after that grace: right
                event("session.closed", "r-a-1", 0),
                event("session.opened", "r-a-1", 1_959),
                event("session.closed", "r-a-1", 2_500),
                event("user.offline", "r-a-1", 5_600),
                event("session.opened", "r-a-1", 6_000),
                // an open that lost its race to the expiry and carries a time from before it: wrong
                event("session.closed", "r-a-2", 0),
                event("user.offline", "r-a-2", 3_200),
                event("session.opened", "r-a-2", 2_500),
                // an open logged before the offline it should have prevented: wrong
                event("session.closed", "r-a-3", 0),
                event("session.opened", "r-a-3", 1_000),
                event("user.offline", "r-a-3", 3_100),
                // offline and never back: no gap
                event("session.closed", "r-a-4", 0),
                event("user.offline", "r-a-4", 3_000),
                // never offline: no gap
                event("session.closed", "r-a-5", 0),
                event("session.opened", "r-a-5", 800));

        Map<String, Long> gaps = RollingRestartCommand.offlineGaps(events, "r-a-");

        assertThat(gaps).containsExactlyInAnyOrderEntriesOf(Map.of("r-a-1", 3_500L, "r-a-2", 2_500L, "r-a-3", 1_000L));
        // the first reopening alone would have called r-a-1 back within grace
        assertThat(RollingRestartCommand.nodeGaps(events, "r-a-")).containsEntry("r-a-1", 1_959L);
    }
}
