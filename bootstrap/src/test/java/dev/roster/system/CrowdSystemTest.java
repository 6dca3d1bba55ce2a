package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.leave;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.ws.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A room with at least ROSTER_LARGE_ROOM sessions on the node hears counted changes instead of one frame each. */
class CrowdSystemTest {
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start(
            Map.of("ROSTER_LARGE_ROOM", "3", "ROSTER_CROWD_TICK_MS", "50")));

    @Test
    void a_large_room_hears_crowd_counts_and_a_small_one_keeps_presence_frames() {
        try (WsClient ann = NODE.get().client("c-ann").connect();
             WsClient bob = NODE.get().client("c-bob").connect();
             WsClient cat = NODE.get().client("c-cat").connect();
             WsClient dan = NODE.get().client("c-dan").connect()) {
            ann.send(join("c-hall").put("id", 1)).reply("joined", 1);
            JsonNode bobJoined = bob.send(join("c-hall").put("id", 1)).reply("joined", 1);
            // a small room lists everyone and needs no count
            assertThat(bobJoined.path("members")).hasSize(2);
            assertThat(bobJoined.has("count")).isFalse();
            // two sessions here: still small, so ann hears bob as a presence frame
            ann.expect("presence", f -> f.path("user").asText().equals("c-bob"));

            JsonNode catJoined = cat.send(join("c-hall").put("id", 1)).reply("joined", 1);
            // from three members on the reply counts them all, and lists the joiner among the members
            assertThat(catJoined.path("count").asLong()).isEqualTo(3);
            JsonNode danJoined = dan.send(join("c-hall").put("id", 1)).reply("joined", 1);
            assertThat(danJoined.path("count").asLong()).isEqualTo(4);
            assertThat(danJoined.path("members").findValuesAsText("user")).contains("c-dan");
            // from three sessions on, the joins of cat and dan arrive counted, with the room's size
            JsonNode crowd = ann.expect("crowd", f -> f.path("members").asLong() == 4);
            assertThat(crowd.path("room").asText()).isEqualTo("c-hall");
            assertThat(crowd.path("at").asLong()).isPositive();

            dan.send(leave("c-hall").put("id", 2)).reply("left", 2);
            JsonNode left = bob.expect("crowd", f -> f.path("left").asInt() == 1);
            assertThat(left.path("members").asLong()).isEqualTo(3);
            assertThat(ann.unread("presence", f -> f.path("user").asText().equals("c-dan"))).isEmpty();
            assertThat(List.of(ann, bob, cat)).allSatisfy(member ->
                    assertThat(member.unread("presence", f -> f.path("user").asText().equals("c-cat"))).isEmpty());
        }
    }
}
