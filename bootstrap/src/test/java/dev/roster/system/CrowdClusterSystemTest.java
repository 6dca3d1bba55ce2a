package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.leave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A room is large by its members across every node: forty members spread over three nodes on one Redis, none of
 * which holds the threshold's twenty alone, hear counted changes from the twentieth member on, and presence frames
 * again once the room fell a tenth below the threshold. (Each node deciding by its own sessions, every join and
 * leave was a presence frame.)
 */
class CrowdClusterSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final String ROOM = "cc-hall";
    private static final int LARGE = 20;
    private static final int MEMBERS = 40;
    /** The room is listed again below this many members: a tenth under the threshold. */
    private static final int LOWER_MARK = LARGE - LARGE / 10;
    private static final Duration TOLD = Duration.ofSeconds(30);

    private static Map<String, String> env() {
        return Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev", "ROSTER_LARGE_ROOM",
                Integer.toString(LARGE), "ROSTER_CROWD_TICK_MS", "50");
    }

    /** The presence frames of the room about others, in this state ("offline" for leaves, else joins). */
    private static List<JsonNode> presence(WsClient member, boolean leaves) {
        return member.frames("presence").stream()
                .filter(f -> f.path("room").asText().equals(ROOM) && !f.path("user").asText().equals(member.user()))
                .filter(f -> f.path("state").asText().equals("offline") == leaves)
                .toList();
    }

    private static Set<String> users(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("user").asText()).collect(Collectors.toSet());
    }

    private static int counted(WsClient member, String field) {
        return member.frames("crowd").stream().filter(f -> f.path("room").asText().equals(ROOM))
                .mapToInt(f -> f.path(field).asInt()).sum();
    }

    @Test
    void a_room_spread_over_three_nodes_is_counted_from_its_size_across_them() {
        REDIS.flush();
        List<WsClient> members = new ArrayList<>();
        try (TestNode a = TestNode.start("cc-a", env());
             TestNode b = TestNode.start("cc-b", env());
             TestNode c = TestNode.start("cc-c", env())) {
            List<TestNode> nodes = List.of(a, b, c);
            for (int i = 1; i <= MEMBERS; i++) {
                WsClient member = nodes.get((i - 1) % 3).client(String.format("cc-%02d", i)).connect();
                members.add(member);
                JsonNode joined = member.send(join(ROOM).put("id", 1)).reply("joined", 1);
                // the joined listing switches at the same size across the cluster
                assertThat(joined.has("count")).as("listing of member %d", i).isEqualTo(i >= LARGE);
            }
            // the first three, one on each node, watch: joins are presence frames while the room is small, and
            // counted from the twentieth member on (a node that briefly lost Redis audits small rooms and may tell
            // a member's state again, never a large room's: so who was told, not how often)
            List<WsClient> watchers = members.subList(0, 3);
            Set<String> small = new HashSet<>();
            for (int i = 1; i < LARGE; i++) {
                small.add(members.get(i - 1).user());
            }
            String lastToJoin = members.get(MEMBERS - 1).user();
            for (WsClient watcher : watchers) {
                // the last join told either way
                await().atMost(TOLD).until(() -> users(presence(watcher, false)).contains(lastToJoin)
                        || counted(watcher, "changed") >= MEMBERS - LARGE + 1
                        && watcher.frames("crowd").stream().anyMatch(f -> f.path("members").asInt() == MEMBERS));
                assertThat(users(presence(watcher, false))).as("joins told one by one to %s", watcher.user())
                        .isSubsetOf(small);
            }

            // the last ones leave until the room is one below the lower mark: counted until then, listed after
            int leaving = MEMBERS - (LOWER_MARK - 1);
            for (int i = MEMBERS; i > MEMBERS - leaving; i--) {
                members.get(i - 1).send(leave(ROOM).put("id", 2)).reply("left", 2);
            }
            String lastToLeave = members.get(MEMBERS - leaving).user();
            for (WsClient watcher : watchers) {
                await().atMost(TOLD).until(() -> users(presence(watcher, true)).contains(lastToLeave)
                        && counted(watcher, "left") >= leaving - 1);
                assertThat(users(presence(watcher, true))).as("leaves told one by one to %s", watcher.user())
                        .containsOnly(lastToLeave);
            }
        } finally {
            members.forEach(WsClient::close);
        }
    }
}
