package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of activity as the dashboard's feed shows it, byte for byte: the page's script reads these fields, and
 * the expected strings are what the feed sent before each kind had its own record.
 */
class ActivityViewTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123456789Z");
    private static final UserId ANN = UserId.of("ann");
    private static final SessionId S1 = SessionId.of("s1");
    private static final NodeId NODE_A = NodeId.of("node-a");
    private static final RoomId HALL = RoomId.of("hall");

    private final ActivityView view = new ActivityView(new ObjectMapper());

    static Stream<Map.Entry<Activity, String>> everyKind() {
        return Stream.of(
                Map.entry(new Activity.CameOnline(ANN, PresenceState.BUSY, T0),
                        "{\"kind\":\"came_online\",\"user\":\"ann\",\"state\":\"busy\",\"at\":1795809600123}"),
                Map.entry(new Activity.WentOffline(ANN, T0),
                        "{\"kind\":\"went_offline\",\"user\":\"ann\",\"state\":\"offline\",\"sessions\":0,"
                                + "\"at\":1795809600123}"),
                Map.entry(new Activity.StatusChanged(ANN, PresenceState.AWAY, "back \"soon\" \u2615", S1, T0),
                        "{\"kind\":\"status_changed\",\"user\":\"ann\",\"state\":\"away\","
                                + "\"text\":\"back \\\"soon\\\" \u2615\",\"session\":\"s1\",\"at\":1795809600123}"),
                Map.entry(new Activity.StatusChanged(ANN, PresenceState.ONLINE, null, null, T0),
                        "{\"kind\":\"status_changed\",\"user\":\"ann\",\"state\":\"online\",\"at\":1795809600123}"),
                Map.entry(new Activity.JoinedRoom(ANN, HALL, PresenceState.BUSY, S1, T0),
                        "{\"kind\":\"joined_room\",\"user\":\"ann\",\"room\":\"hall\",\"state\":\"busy\","
                                + "\"session\":\"s1\",\"at\":1795809600123}"),
                Map.entry(new Activity.LeftRoom(ANN, HALL, null, T0),
                        "{\"kind\":\"left_room\",\"user\":\"ann\",\"room\":\"hall\",\"state\":\"offline\","
                                + "\"at\":1795809600123}"),
                Map.entry(new Activity.SessionOpened(ANN, S1, NODE_A, "phone \u260e", 2, T0),
                        "{\"kind\":\"session_opened\",\"user\":\"ann\",\"session\":\"s1\",\"node\":\"node-a\","
                                + "\"device\":\"phone \u260e\",\"sessions\":2,\"at\":1795809600123}"),
                Map.entry(new Activity.SessionClosed(ANN, S1, NODE_A, null, 1, T0),
                        "{\"kind\":\"session_closed\",\"user\":\"ann\",\"session\":\"s1\",\"node\":\"node-a\","
                                + "\"sessions\":1,\"at\":1795809600123}"),
                Map.entry(new Activity.DisconnectedByAdmin(ANN, S1, NODE_A, "web", T0),
                        "{\"kind\":\"disconnected_by_admin\",\"user\":\"ann\",\"session\":\"s1\",\"node\":\"node-a\","
                                + "\"device\":\"web\",\"at\":1795809600123}"),
                Map.entry(new Activity.NodeRemoved(NODE_A, 3, 5, T0),
                        "{\"kind\":\"node_removed\",\"node\":\"node-a\",\"users\":3,\"sessions\":5,"
                                + "\"at\":1795809600123}"));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindShowsAsBefore(Map.Entry<Activity, String> line) {
        assertThat(view.of(line.getKey()).toString()).isEqualTo(line.getValue());
    }
}
