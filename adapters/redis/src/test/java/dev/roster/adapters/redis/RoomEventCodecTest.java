package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Room events on a room's channel, where nodes of two versions meet during a rolling upgrade. */
class RoomEventCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123456789Z");
    private static final RoomId LOBBY = RoomId.of("lobby");

    private final RoomEventCodec codec = new RoomEventCodec();

    @Test
    void aNoticeCarriesTheMemberSessionCountAndWhetherOnlyTheCountChanged() {
        PresenceNotice recount = new PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.BUSY, "in a \"call\"", 2,
                true, T0, 41, SessionId.of("s2"));

        String wire = codec.encode(recount);

        assertThat(wire).isEqualTo("{\"room\":\"lobby\",\"k\":\"p\",\"user\":\"ann\",\"state\":\"busy\","
                + "\"text\":\"in a \\\"call\\\"\",\"n\":2,\"c\":true,\"at\":1795809600123456789,\"v\":41,\"o\":\"s2\"}");
        assertThat(codec.decode(wire)).isEqualTo(recount);
    }

    @Test
    void aNoticeOfAChangeLeavesOutTheCountOnlyMarkAndKeepsAZeroCount() {
        PresenceNotice offline = new PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.OFFLINE, null, 0, false,
                T0, 42, null);

        String wire = codec.encode(offline);

        assertThat(wire).contains("\"n\":0").doesNotContain("\"c\"");
        assertThat(codec.decode(wire)).isEqualTo(offline);
    }

    @Test
    void aNoticeFromANodeThatDidNotCountSessionsReadsAsUncounted() {
        // as a node of the earlier version wrote it
        String earlier = "{\"room\":\"lobby\",\"k\":\"p\",\"user\":\"ann\",\"state\":\"away\",\"text\":\"lunch\","
                + "\"at\":1795809600123456789,\"v\":7,\"o\":\"s1\"}";

        PresenceNotice uncounted = new PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.AWAY, "lunch", null,
                false, T0, 7, SessionId.of("s1"));
        assertThat(codec.decode(earlier)).isEqualTo(uncounted);
        // and one without a count is written as that version wrote it, byte for byte
        assertThat(codec.encode(uncounted)).isEqualTo(earlier);
    }

    @Test
    void aJoinOrALeaveCarriesTheRoomSizeAfterIt() {
        PresenceNotice joined = new PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.ONLINE, null, 1, false,
                T0, 43, SessionId.of("s1"), 1000L);

        String wire = codec.encode(joined);

        assertThat(wire).isEqualTo("{\"room\":\"lobby\",\"k\":\"p\",\"user\":\"ann\",\"state\":\"online\","
                + "\"text\":null,\"n\":1,\"z\":1000,\"at\":1795809600123456789,\"v\":43,\"o\":\"s1\"}");
        assertThat(codec.decode(wire)).isEqualTo(joined);
        // the size is one more field beside those the earlier versions wrote: without it, the same notice unsized
        assertThat(codec.decode(wire.replace("\"z\":1000,", ""))).isEqualTo(new PresenceNotice(LOBBY,
                UserId.of("ann"), PresenceState.ONLINE, null, 1, false, T0, 43, SessionId.of("s1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"many\"", "-1", "2.5", "false", "{}"})
    void aRoomSizeThatIsNotAWholeNumberOfMembersIsRefused(String size) {
        String wire = "{\"room\":\"lobby\",\"k\":\"p\",\"user\":\"ann\",\"state\":\"online\",\"text\":null,"
                + "\"n\":1,\"z\":" + size + ",\"at\":1,\"v\":1}";

        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a room event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"two\"", "-1", "1.5", "true", "[]", "4294967296"})
    void aCountThatIsNotAWholeNumberOfSessionsIsRefused(String count) {
        String wire = "{\"room\":\"lobby\",\"k\":\"p\",\"user\":\"ann\",\"state\":\"online\",\"text\":null,"
                + "\"n\":" + count + ",\"at\":1,\"v\":1}";

        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a room event");
    }

    @Test
    void aMessageIsUnchanged() {
        ChatMessage message = new ChatMessage(LOBBY, UserId.of("bob"), "hi", T0, SessionId.of("s9"));

        assertThat(codec.encode(message)).isEqualTo("{\"room\":\"lobby\",\"k\":\"m\",\"from\":\"bob\",\"text\":\"hi\","
                + "\"at\":1795809600123456789,\"o\":\"s9\"}");
        assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
    }
}
