package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.application.port.in.QueryPresenceUseCase.OnlinePage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bodies written field by field are the very bytes the tree-built bodies were. */
class ViewsTest {
    private final ServerFrames frames = new ServerFrames(Json.newMapper());
    private final Views views = new Views(frames);
    private final UserId ann = UserId.of("ann");

    private String tree(UserView view) {
        return frames.write(views.userNode(view, true));
    }

    @Test
    void an_online_user_with_rooms_and_devices_is_written_as_the_tree_was() {
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);
        UserView view = new UserView(ann, PresenceState.AWAY, Status.AWAY, "at lunch \"back\" soon \u00e9\u2603", at,
                at.plusSeconds(5), Set.of(RoomId.of("zeta"), RoomId.of("alpha"), RoomId.of("mid")),
                List.of(new Session(SessionId.of("s1"), ann, NodeId.of("node-a"), "boot-1", "phone", at),
                        new Session(SessionId.of("s2"), ann, NodeId.of("node-b"), "boot-2", "desk \"top\" \u00e9",
                                at.plusMillis(1))));

        byte[] written = views.userBytes(view);

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(tree(view));
        assertThat(views.user(view)).isEqualTo(tree(view));
        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"rooms\":[\"alpha\",\"mid\",\"zeta\"]");
    }

    @Test
    void an_offline_user_with_nulls_and_nothing_listed_is_written_as_the_tree_was() {
        UserView view = new UserView(ann, PresenceState.OFFLINE, null, null, null, null, Set.of(), List.of());

        assertThat(new String(views.userBytes(view), StandardCharsets.UTF_8)).isEqualTo(tree(view))
                .contains("\"status\":null").contains("\"lastSeen\":null").contains("\"devices\":[]");
    }

    @Test
    void pages_counts_and_errors_keep_their_shape() {
        OnlinePage page = new OnlinePage(List.of(UserId.of("a"), UserId.of("b")), "Yg.x1");

        assertThat(new String(views.onlineBytes(page), StandardCharsets.UTF_8))
                .isEqualTo("{\"users\":[\"a\",\"b\"],\"next\":\"Yg.x1\"}");
        assertThat(views.online(new OnlinePage(List.of(), null))).isEqualTo("{\"users\":[],\"next\":null}");
        assertThat(views.count(100_000)).isEqualTo("{\"count\":100000}");
        assertThat(new String(views.errorBytes("bad_request", "no"), StandardCharsets.UTF_8))
                .isEqualTo(views.error("bad_request", "no"));
    }
}
