package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.leave;
import static dev.roster.system.Frames.say;
import static dev.roster.system.Frames.status;
import static dev.roster.system.Frames.who;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.ws.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms, presence events, chat and status between real clients of one node. Each test uses its own names. */
class RoomsSystemTest {
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start());

    static Predicate<JsonNode> about(String room, String user, String state) {
        return f -> f.path("room").asText().equals(room) && f.path("user").asText().equals(user)
                && f.path("state").asText().equals(state);
    }

    static List<String> users(JsonNode members) {
        List<String> users = new ArrayList<>();
        members.forEach(m -> users.add(m.path("user").asText()));
        return users;
    }

    @Test
    void welcome_names_the_user_its_session_and_the_node() {
        try (WsClient ann = NODE.get().client("w-ann").device("web").connect()) {
            assertThat(ann.welcome().path("user").asText()).isEqualTo("w-ann");
            assertThat(ann.welcome().path("node").asText()).isEqualTo("test-node");
            assertThat(ann.session()).isNotBlank();
            assertThat(NODE.get().api().user("w-ann").path("state").asText()).isEqualTo("online");
        }
    }

    @Test
    void three_users_join_see_each_other_and_hear_every_message_the_sender_included() {
        try (WsClient ann = NODE.get().client("r-ann").connect();
             WsClient bob = NODE.get().client("r-bob").connect();
             WsClient cat = NODE.get().client("r-cat").connect()) {
            JsonNode annJoined = ann.send(join("r-lobby").put("id", 1)).reply("joined", 1);
            assertThat(annJoined.path("room").asText()).isEqualTo("r-lobby");
            assertThat(users(annJoined.path("members"))).containsExactly("r-ann");

            JsonNode bobJoined = bob.send(join("r-lobby").put("id", 2)).reply("joined", 2);
            assertThat(users(bobJoined.path("members"))).containsExactlyInAnyOrder("r-ann", "r-bob");
            JsonNode seen = ann.expect("presence", about("r-lobby", "r-bob", "online"));
            assertThat(seen.path("at").asLong()).isPositive();

            cat.send(join("r-lobby").put("id", 3)).reply("joined", 3);
            ann.expect("presence", about("r-lobby", "r-cat", "online"));
            bob.expect("presence", about("r-lobby", "r-cat", "online"));

            ann.send(say("r-lobby", "hello all"));
            for (WsClient member : List.of(ann, bob, cat)) {
                JsonNode message = member.expect("message", f -> f.path("text").asText().equals("hello all"));
                assertThat(message.path("room").asText()).isEqualTo("r-lobby");
                assertThat(message.path("from").asText()).isEqualTo("r-ann");
                assertThat(message.path("at").asLong()).isPositive();
            }

            JsonNode members = cat.send(who("r-lobby").put("id", "w1")).expect("members",
                    f -> f.path("re").asText().equals("w1"));
            assertThat(users(members.path("members"))).containsExactlyInAnyOrder("r-ann", "r-bob", "r-cat");
            members.path("members").forEach(m -> {
                assertThat(m.path("state").asText()).isEqualTo("online");
                assertThat(m.path("sessions").asInt()).isEqualTo(1);
                assertThat(m.path("since").asLong()).isPositive();
            });

            // an explicit leave by the last session in the room is announced at once, without a grace period
            assertThat(cat.send(leave("r-lobby").put("id", 4)).reply("left", 4).path("room").asText())
                    .isEqualTo("r-lobby");
            ann.expect("presence", about("r-lobby", "r-cat", "offline"));
            bob.expect("presence", about("r-lobby", "r-cat", "offline"));
            assertThat(users(NODE.get().api().room("r-lobby").path("members")))
                    .containsExactlyInAnyOrder("r-ann", "r-bob");
        }
    }

    @Test
    void a_status_change_is_seen_by_every_member_and_by_the_api() {
        try (WsClient ann = NODE.get().client("s-ann").connect();
             WsClient bob = NODE.get().client("s-bob").connect()) {
            ann.send(join("s-room").put("id", 1)).reply("joined", 1);
            bob.send(join("s-room").put("id", 2)).reply("joined", 2);

            bob.send(status("away", "lunch").put("id", "st")).expect("ok", f -> f.path("re").asText().equals("st"));

            JsonNode seen = ann.expect("presence", about("s-room", "s-bob", "away"));
            assertThat(seen.path("at").asLong()).isPositive();
            JsonNode user = NODE.get().api().user("s-bob");
            assertThat(user.path("state").asText()).isEqualTo("away");
            assertThat(user.path("status").asText()).isEqualTo("away");
            assertThat(users(NODE.get().api().room("s-room").path("members"))).contains("s-bob");
            NODE.get().api().room("s-room").path("members").forEach(m -> {
                if (m.path("user").asText().equals("s-bob")) {
                    assertThat(m.path("state").asText()).isEqualTo("away");
                }
            });
        }
    }

    @Test
    void two_tabs_of_one_user_the_user_stays_online_when_one_closes() throws InterruptedException {
        try (WsClient bob = NODE.get().client("t-bob").connect();
             WsClient annMobile = NODE.get().client("t-ann").device("mobile").connect()) {
            bob.send(join("t-room").put("id", 1)).reply("joined", 1);
            annMobile.send(join("t-room").put("id", 2)).reply("joined", 2);
            bob.expect("presence", about("t-room", "t-ann", "online"));
            WsClient annWeb = NODE.get().client("t-ann").device("web").connect();
            annWeb.send(join("t-room").put("id", 3)).reply("joined", 3);
            assertThat(NODE.get().api().user("t-ann").path("sessions").asInt()).isEqualTo(2);

            annWeb.close();

            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(NODE.get().api().user("t-ann").path("sessions").asInt()).isEqualTo(1));
            Grace.passIt();
            JsonNode user = NODE.get().api().user("t-ann");
            assertThat(user.path("state").asText()).isEqualTo("online");
            assertThat(user.path("rooms").toString()).contains("t-room");
            JsonNode member = NODE.get().api().room("t-room").path("members");
            assertThat(users(member)).containsExactlyInAnyOrder("t-ann", "t-bob");
            // a marker event: anything announced about ann before it would already be in bob's inbox
            try (WsClient marker = NODE.get().client("t-marker").connect()) {
                marker.send(join("t-room").put("id", 4)).reply("joined", 4);
                bob.expect("presence", about("t-room", "t-marker", "online"));
            }
            assertThat(bob.unread("presence", about("t-room", "t-ann", "offline"))).isEmpty();
        }
    }

    @Test
    void a_client_that_drops_without_a_close_handshake_goes_offline_after_the_grace_period() {
        try (WsClient bob = NODE.get().client("d-bob").connect()) {
            bob.send(join("d-room").put("id", 1)).reply("joined", 1);
            WsClient ann = NODE.get().client("d-ann").connect();
            ann.send(join("d-room").put("id", 2)).reply("joined", 2);
            bob.expect("presence", about("d-room", "d-ann", "online"));

            ann.abort();

            bob.expect("presence", about("d-room", "d-ann", "offline"));
            await().atMost(WsClient.WAIT).untilAsserted(() -> {
                JsonNode user = NODE.get().api().user("d-ann");
                assertThat(user.path("state").asText()).isEqualTo("offline");
                assertThat(user.path("sessions").asInt()).isZero();
            });
        }
    }
}
