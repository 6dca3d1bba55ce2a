package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.Activity;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Activity lines on the wire, byte for byte. The expected strings were produced by the tree-based codec (ObjectNode,
 * toString) before it was rewritten to stream, and by the untyped lines before each kind had its own record: nodes
 * of every version share the channel during a rolling upgrade.
 */
class ActivityCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123456789Z");
    private static final UserId ANN = UserId.of("ann");
    private static final SessionId S1 = SessionId.of("s1");
    private static final NodeId NODE_A = NodeId.of("node-a");
    private static final RoomId HALL = RoomId.of("hall");

    /** One line of every kind, with the JSON nodes have always written for it. */
    static Stream<Map.Entry<Activity, String>> everyKind() {
        return Stream.of(
                Map.entry(new Activity.CameOnline(ANN, PresenceState.BUSY, T0),
                        "{\"kind\":\"came_online\",\"user\":\"ann\",\"state\":\"busy\",\"text\":null,\"device\":null,"
                                + "\"at\":1795809600123456789}"),
                Map.entry(new Activity.WentOffline(ANN, T0),
                        "{\"kind\":\"went_offline\",\"user\":\"ann\",\"state\":\"offline\",\"text\":null,"
                                + "\"device\":null,\"sessions\":0,\"at\":1795809600123456789}"),
                Map.entry(new Activity.StatusChanged(ANN, PresenceState.AWAY, "back \"soon\" \u2615", S1, T0),
                        "{\"kind\":\"status_changed\",\"user\":\"ann\",\"state\":\"away\","
                                + "\"text\":\"back \\\"soon\\\" \u2615\",\"session\":\"s1\",\"device\":null,"
                                + "\"at\":1795809600123456789}"),
                Map.entry(new Activity.JoinedRoom(ANN, HALL, PresenceState.BUSY, S1, T0),
                        "{\"kind\":\"joined_room\",\"user\":\"ann\",\"room\":\"hall\",\"state\":\"busy\",\"text\":null,"
                                + "\"session\":\"s1\",\"device\":null,\"at\":1795809600123456789}"),
                Map.entry(new Activity.LeftRoom(ANN, HALL, null, T0),
                        "{\"kind\":\"left_room\",\"user\":\"ann\",\"room\":\"hall\",\"state\":\"offline\","
                                + "\"text\":null,\"device\":null,\"at\":1795809600123456789}"),
                Map.entry(new Activity.SessionOpened(ANN, S1, NODE_A, "phone \u260e", 2, T0),
                        "{\"kind\":\"session_opened\",\"user\":\"ann\",\"text\":null,\"session\":\"s1\","
                                + "\"node\":\"node-a\",\"device\":\"phone \u260e\",\"sessions\":2,"
                                + "\"at\":1795809600123456789}"),
                Map.entry(new Activity.SessionClosed(ANN, S1, NODE_A, null, 1, T0),
                        "{\"kind\":\"session_closed\",\"user\":\"ann\",\"text\":null,\"session\":\"s1\","
                                + "\"node\":\"node-a\",\"device\":null,\"sessions\":1,\"at\":1795809600123456789}"),
                Map.entry(new Activity.DisconnectedByAdmin(ANN, S1, NODE_A, "web", T0),
                        "{\"kind\":\"disconnected_by_admin\",\"user\":\"ann\",\"text\":null,\"session\":\"s1\","
                                + "\"node\":\"node-a\",\"device\":\"web\",\"at\":1795809600123456789}"),
                // the users count travels in text, where nodes have always put it
                Map.entry(new Activity.NodeRemoved(NODE_A, 3, 5, T0),
                        "{\"kind\":\"node_removed\",\"text\":\"3\",\"node\":\"node-a\",\"device\":null,"
                                + "\"sessions\":5,\"at\":1795809600123456789}"));
    }

    private static final Activity OPENED = new Activity.SessionOpened(ANN, S1, NODE_A, "phone \u260e", 2, T0);
    private static final String OPENED_JSON = "{\"kind\":\"session_opened\",\"user\":\"ann\",\"text\":null,"
            + "\"session\":\"s1\",\"node\":\"node-a\",\"device\":\"phone \u260e\",\"sessions\":2,"
            + "\"at\":1795809600123456789}";
    private static final Activity OFFLINE = new Activity.WentOffline(ANN, T0);
    private static final String OFFLINE_JSON = "{\"kind\":\"went_offline\",\"user\":\"ann\",\"state\":\"offline\","
            + "\"text\":null,\"device\":null,\"sessions\":0,\"at\":1795809600123456789}";

    private final ActivityCodec codec = new ActivityCodec();

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindIsWrittenAsBeforeAndReadBack(Map.Entry<Activity, String> line) {
        assertThat(codec.activity(line.getKey())).isEqualTo(line.getValue());
        assertThat(codec.activity(line.getValue())).isEqualTo(line.getKey());
        assertThat(codec.activities(line.getValue())).containsExactly(line.getKey());
        assertThat(codec.activities(codec.activities(List.of(line.getKey(), line.getKey()))))
                .containsExactly(line.getKey(), line.getKey());
    }

    @Test
    void aBatchIsWrittenAsBefore() {
        String batch = "[" + OPENED_JSON + "," + OFFLINE_JSON + "," + OPENED_JSON + "]";
        assertThat(codec.activities(List.of(OPENED, OFFLINE, OPENED))).isEqualTo(batch);
        assertThat(codec.activities(batch)).containsExactly(OPENED, OFFLINE, OPENED);
        assertThat(codec.activities(List.of())).isEqualTo("[]");
        assertThat(codec.activities("[]")).isEmpty();
    }

    @Test
    void oldLinesWithFieldsInAnotherOrderUnknownFieldsAndNullsStillDecode() {
        String reordered = "{\"at\":1795809600123456789,\"sessions\":2,\"future\":{\"a\":[1,{\"b\":null}]},"
                + "\"device\":\"phone \u260e\",\"node\":\"node-a\",\"session\":\"s1\",\"text\":null,"
                + "\"state\":\"busy\",\"room\":\"hall\",\"user\":\"ann\",\"extra\":[\"x\"],\"kind\":\"session_opened\"}";
        assertThat(codec.activity(reordered)).isEqualTo(OPENED);
        assertThat(codec.activities("[" + reordered + "," + OFFLINE_JSON + "]")).containsExactly(OPENED, OFFLINE);

        String nulls = "{\"kind\":\"left_room\",\"user\":\"ann\",\"room\":\"hall\",\"state\":null,\"text\":null,"
                + "\"session\":null,\"node\":null,\"device\":null,\"sessions\":null,\"at\":1795809600123456789}";
        assertThat(codec.activity(nulls)).isEqualTo(new Activity.LeftRoom(ANN, HALL, null, T0));
        assertThat(codec.activities("{\"kind\":\"went_offline\",\"user\":\"ann\",\"at\":1795809600123456789}"))
                .containsExactly(OFFLINE);
        assertThat(codec.activity("{\"kind\":\"session_closed\",\"user\":\"ann\",\"sessions\":\"3\",\"at\":\"7\"}"))
                .isEqualTo(new Activity.SessionClosed(ANN, null, null, null, 3, Instant.ofEpochSecond(0, 7)));
    }

    @Test
    void aLineOfAKindThisNodeDoesNotKnowIsSkipped() {
        assertThat(codec.activities("[" + OPENED_JSON + ",{\"kind\":\"tea_served\",\"user\":\"ann\"}," + OFFLINE_JSON
                + ",{\"kind\":null},{}]")).containsExactly(OPENED, OFFLINE);
        assertThat(codec.activities("{\"kind\":\"tea_served\"}")).isEmpty();
        assertThat(codec.activity("{}")).isNull();
    }

    @Test
    void textThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> codec.activities("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> codec.activities("[" + OPENED_JSON + ",{\"kind\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> codec.activity("{\"kind\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ");
    }
}
