package dev.roster.adapters.javalin.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFramesTest {
    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);
    private static final RoomId LOBBY = RoomId.of("lobby");
    private final ServerFrames frames = new ServerFrames(Json.newMapper());

    @Test
    void welcome_names_user_session_and_node() {
        assertThat(frames.welcome("ann", "s1", "node-a"))
                .isEqualTo("{\"type\":\"welcome\",\"user\":\"ann\",\"session\":\"s1\",\"node\":\"node-a\"}");
    }

    @Test
    void replies_carry_re_only_when_the_frame_had_an_id() {
        assertThat(frames.pong(null)).isEqualTo("{\"type\":\"pong\"}");
        assertThat(frames.pong(new IntNode(3))).isEqualTo("{\"type\":\"pong\",\"re\":3}");
        assertThat(frames.ok(new TextNode("x"))).isEqualTo("{\"type\":\"ok\",\"re\":\"x\"}");
        assertThat(frames.left(LOBBY, null)).isEqualTo("{\"type\":\"left\",\"room\":\"lobby\"}");
        assertThat(frames.error("bad_json", "nope", null))
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"nope\"}");
    }

    @Test
    void members_have_user_state_since_in_epoch_millis_sessions_and_text_when_there_is_one() {
        List<Member> members = List.of(new Member(UserId.of("ann"), PresenceState.AWAY, AT, 2, "lunch"),
                new Member(UserId.of("bob"), PresenceState.OFFLINE, null, 0, null));
        assertThat(frames.joined(LOBBY, RoomListing.all(members), new IntNode(1)))
                .isEqualTo("{\"type\":\"joined\",\"room\":\"lobby\","
                + "\"members\":[{\"user\":\"ann\",\"state\":\"away\",\"since\":1700000000123,\"sessions\":2,"
                + "\"text\":\"lunch\"},"
                + "{\"user\":\"bob\",\"state\":\"offline\",\"since\":null,\"sessions\":0}],\"re\":1}");
        assertThat(frames.members(LOBBY, new MemberPage(List.of(), null), null))
                .isEqualTo("{\"type\":\"members\",\"room\":\"lobby\",\"members\":[],\"next\":null}");
        assertThat(frames.members(LOBBY, new MemberPage(members.subList(0, 1), "YW5u.tag"), new IntNode(2)))
                .isEqualTo("{\"type\":\"members\",\"room\":\"lobby\",\"members\":[{\"user\":\"ann\","
                + "\"state\":\"away\",\"since\":1700000000123,\"sessions\":2,\"text\":\"lunch\"}],"
                + "\"next\":\"YW5u.tag\",\"re\":2}");
    }

    @Test
    void the_joined_reply_of_a_large_room_lists_some_members_and_counts_them_all() {
        List<Member> some = List.of(new Member(UserId.of("ann"), PresenceState.ONLINE, AT, 1, null));
        assertThat(frames.joined(LOBBY, RoomListing.large(some, 12_000), null)).isEqualTo("{\"type\":\"joined\","
                + "\"room\":\"lobby\",\"members\":[{\"user\":\"ann\",\"state\":\"online\","
                + "\"since\":1700000000123,\"sessions\":1}],\"count\":12000}");
    }

    @Test
    void presence_adds_text_only_when_there_is_one_and_the_member_s_sessions() {
        ClientEvent plain = new RoomEvent.PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.ONLINE, null, 1, false,
                AT, 1, null);
        ClientEvent withText = new RoomEvent.PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.BUSY, "call", 3,
                true, AT, 2, SessionId.of("s1"));
        assertThat(frames.event(plain)).isEqualTo("{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"ann\","
                + "\"state\":\"online\",\"at\":1700000000123,\"sessions\":1}");
        assertThat(frames.event(withText)).isEqualTo("{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"ann\","
                + "\"state\":\"busy\",\"at\":1700000000123,\"text\":\"call\",\"sessions\":3}");
        assertThat(ServerFrames.eventType(plain)).isEqualTo("presence");
    }

    @Test
    void presence_from_a_node_that_did_not_count_sessions_leaves_the_count_out() {
        ClientEvent uncounted = new RoomEvent.PresenceNotice(LOBBY, UserId.of("ann"), PresenceState.OFFLINE, null, null,
                false, AT, 4, null);
        assertThat(frames.event(uncounted)).isEqualTo("{\"type\":\"presence\",\"room\":\"lobby\","
                + "\"user\":\"ann\",\"state\":\"offline\",\"at\":1700000000123}");
    }

    @Test
    void a_crowd_frame_counts_the_tick_s_changes_and_the_room() {
        ClientEvent crowd = new ClientEvent.Crowd(RoomId.of("stadium"), 12_000, 40, 3, Instant.ofEpochMilli(9));
        assertThat(frames.event(crowd)).isEqualTo("{\"type\":\"crowd\",\"room\":\"stadium\",\"members\":12000,"
                + "\"changed\":40,\"left\":3,\"at\":9}");
        assertThat(ServerFrames.eventType(crowd)).isEqualTo("crowd");
    }

    @Test
    void a_chat_message_is_escaped_json() {
        ClientEvent message = new RoomEvent.ChatMessage(LOBBY, UserId.of("bob"), "say \"hi\"\n", AT, null);
        assertThat(frames.event(message)).isEqualTo("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"bob\","
                + "\"text\":\"say \\\"hi\\\"\\n\",\"at\":1700000000123}");
        assertThat(ServerFrames.eventType(message)).isEqualTo("message");
    }
}
