package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.Activity;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Activity lines on the wire, byte for byte. The expected strings were produced by the tree-based codec (ObjectNode,
 * toString) before it was rewritten to stream: nodes of both versions share the channel during a rolling upgrade.
 */
class BroadcastCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123456789Z");
    private static final Activity ALL = new Activity("session_opened", UserId.of("ann"), RoomId.of("hall"),
            PresenceState.BUSY, "back \"soon\" \u2615", SessionId.of("s1"), NodeId.of("node-a"), "phone \u260e", 2,
            T0);
    private static final String ALL_JSON = "{\"kind\":\"session_opened\",\"user\":\"ann\",\"room\":\"hall\","
            + "\"state\":\"busy\",\"text\":\"back \\\"soon\\\" \u2615\",\"session\":\"s1\",\"node\":\"node-a\","
            + "\"device\":\"phone \u260e\",\"sessions\":2,\"at\":1795809600123456789}";
    private static final Activity KIND = new Activity("went_offline", null, null, null, null, null, null, null, null,
            null);
    // text and device were always written, null when absent; the other fields left out
    private static final String KIND_JSON = "{\"kind\":\"went_offline\",\"text\":null,\"device\":null}";

    private final BroadcastCodec codec = new BroadcastCodec();

    @Test
    void aLineWithEveryFieldIsWrittenAsBefore() {
        assertThat(codec.activity(ALL)).isEqualTo(ALL_JSON);
        assertThat(codec.activity(ALL_JSON)).isEqualTo(ALL);
        assertThat(codec.activities(ALL_JSON)).containsExactly(ALL);
    }

    @Test
    void aLineWithOnlyItsKindIsWrittenAsBefore() {
        assertThat(codec.activity(KIND)).isEqualTo(KIND_JSON);
        assertThat(codec.activity(KIND_JSON)).isEqualTo(KIND);
        Activity none = new Activity(null, null, null, null, null, null, null, null, null, null);
        assertThat(codec.activity(none)).isEqualTo("{\"kind\":null,\"text\":null,\"device\":null}");
    }

    @Test
    void aBatchIsWrittenAsBefore() {
        String batch = "[" + ALL_JSON + "," + KIND_JSON + "," + ALL_JSON + "]";
        assertThat(codec.activities(List.of(ALL, KIND, ALL))).isEqualTo(batch);
        assertThat(codec.activities(batch)).containsExactly(ALL, KIND, ALL);
        assertThat(codec.activities(List.of())).isEqualTo("[]");
        assertThat(codec.activities("[]")).isEmpty();
    }

    @Test
    void oldLinesWithFieldsInAnotherOrderUnknownFieldsAndNullsStillDecode() {
        String reordered = "{\"at\":1795809600123456789,\"sessions\":2,\"future\":{\"a\":[1,{\"b\":null}]},"
                + "\"device\":\"phone \u260e\",\"node\":\"node-a\",\"session\":\"s1\",\"text\":\"back \\\"soon\\\" \u2615\","
                + "\"state\":\"busy\",\"room\":\"hall\",\"user\":\"ann\",\"extra\":[\"x\"],\"kind\":\"session_opened\"}";
        assertThat(codec.activity(reordered)).isEqualTo(ALL);
        assertThat(codec.activities("[" + reordered + "," + KIND_JSON + "]")).containsExactly(ALL, KIND);

        String nulls = "{\"kind\":\"went_offline\",\"user\":null,\"room\":null,\"state\":null,\"text\":null,"
                + "\"session\":null,\"node\":null,\"device\":null,\"sessions\":null,\"at\":null}";
        assertThat(codec.activity(nulls)).isEqualTo(KIND);
        assertThat(codec.activities("{\"kind\":\"went_offline\"}")).containsExactly(KIND);
        // as the tree code read them: a null kind as "null", a missing one as ""
        assertThat(codec.activity("{\"kind\":null}").kind()).isEqualTo("null");
        assertThat(codec.activity("{}").kind()).isEqualTo("");
        assertThat(codec.activity("{\"kind\":\"k\",\"sessions\":\"3\",\"at\":\"7\"}"))
                .isEqualTo(new Activity("k", null, null, null, null, null, null, null, 3, Instant.ofEpochSecond(0, 7)));
    }

    @Test
    void textThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> codec.activities("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> codec.activities("[" + ALL_JSON + ",{\"kind\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> codec.activity("{\"kind\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ");
    }
}
