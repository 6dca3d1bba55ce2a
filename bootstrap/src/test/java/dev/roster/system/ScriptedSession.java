package dev.roster.system;

import static dev.roster.system.Events.assertEvent;
import static dev.roster.system.Events.expected;
import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.leave;
import static dev.roster.system.Frames.say;
import static dev.roster.system.Frames.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.testsupport.ws.WsClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's life told by the event log: one session opens on node {@code a} (from a device with a non-ASCII name),
 * joins two rooms, a second session opens on node {@code b} and closes, the first sets a status, says something
 * (which the log does not record), leaves one room and closes; the grace period ends with the room it still lingered
 * in and the user going offline. A second user on {@code b} is disconnected by an operator through {@code a}'s API.
 * {@link #assertLogged} holds the log against exactly the events the contract promises, in order, field by field.
 */
final class ScriptedSession {
    static final String DEVICE = "Ann’s Pixel – ✓";

    private final String ann;
    private final String bob;
    private final String lobby;
    private final String den;
    private final String nodeA;
    private final String nodeB;
    private String annFirst;
    private String annSecond;
    private String bobSession;
    private long started;
    private long ended;

    private ScriptedSession(String prefix, String nodeA, String nodeB) {
        this.ann = prefix + "-ann";
        this.bob = prefix + "-bob";
        this.lobby = prefix + "-lobby";
        this.den = prefix + "-den";
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    /** Plays the script on {@code a} and {@code b} (the same node on a single-node setup) with these names. */
    static ScriptedSession play(String prefix, TestNode a, String nodeA, TestNode b, String nodeB) {
        ScriptedSession script = new ScriptedSession(prefix, nodeA, nodeB);
        script.run(a, b);
        return script;
    }

    private void run(TestNode a, TestNode b) {
        started = System.currentTimeMillis();
        try (WsClient first = a.client(ann).device(DEVICE).connect()) {
            annFirst = first.session();
            first.send(join(lobby).put("id", 1)).reply("joined", 1);
            first.send(join(den).put("id", 2)).reply("joined", 2);
            try (WsClient second = b.client(ann).device("web").connect()) {
                annSecond = second.session();
            }
            // the second session's close is committed before the status changes, so their order is known
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(a.api().user(ann).path("sessions").asInt()).isEqualTo(1));
            first.send(status("busy", "deploying").put("id", 3)).reply("ok", 3);
            first.send(say(lobby, "nothing the log keeps").put("id", 4)).expect("message");
            first.send(leave(lobby).put("id", 5)).reply("left", 5);
        }
        await().atMost(WsClient.WAIT).untilAsserted(() ->
                assertThat(a.api().user(ann).path("state").asText()).isEqualTo("offline"));

        try (WsClient bobs = b.client(bob).device("phone").connect()) {
            bobSession = bobs.session();
            Api.Answer disconnected = a.api().delete("/api/sessions/" + bobSession);
            assertThat(disconnected.status()).as(disconnected.body()).isEqualTo(200);
            assertThat(disconnected.json().path("closed").asInt()).isEqualTo(1);
            bobs.awaitClose();
        }
        await().atMost(WsClient.WAIT).untilAsserted(() ->
                assertThat(a.api().user(bob).path("state").asText()).isEqualTo("offline"));
        ended = System.currentTimeMillis();
    }

    String ann() {
        return ann;
    }

    String bob() {
        return bob;
    }

    /** What the log must hold for the first user, in order. */
    List<ObjectNode> annExpected() {
        List<ObjectNode> events = new ArrayList<>();
        events.add(expected("user.online", ann).put("state", "online"));
        events.add(session(expected("session.opened", ann), annFirst, nodeA, DEVICE).put("sessions", 1));
        events.add(expected("room.joined", ann).put("room", lobby).put("state", "online").put("session", annFirst));
        events.add(expected("room.joined", ann).put("room", den).put("state", "online").put("session", annFirst));
        events.add(session(expected("session.opened", ann), annSecond, nodeB, "web").put("sessions", 2));
        events.add(session(expected("session.closed", ann), annSecond, nodeB, "web").put("sessions", 1));
        events.add(expected("user.status", ann).put("state", "busy").put("status", "busy").put("text", "deploying")
                .put("session", annFirst));
        events.add(expected("room.left", ann).put("room", lobby).put("session", annFirst));
        events.add(session(expected("session.closed", ann), annFirst, nodeA, DEVICE).put("sessions", 0));
        // the grace period ran out: the room it still lingered in, then the user
        events.add(expected("room.left", ann).put("room", den).putNull("session"));
        events.add(expected("user.offline", ann));
        return events;
    }

    /** What the log must hold for the user the operator disconnected, in order. */
    List<ObjectNode> bobExpected() {
        List<ObjectNode> events = new ArrayList<>();
        events.add(expected("user.online", bob).put("state", "online"));
        events.add(session(expected("session.opened", bob), bobSession, nodeB, "phone").put("sessions", 1));
        // appended by the node that held the session, before it closed it
        events.add(expected("session.disconnected", bob).put("session", bobSession).put("by", "admin")
                .put("node", nodeB).put("device", "phone"));
        events.add(session(expected("session.closed", bob), bobSession, nodeB, "phone").put("sessions", 0));
        events.add(expected("user.offline", bob));
        return events;
    }

    private static ObjectNode session(ObjectNode event, String session, String node, String device) {
        return event.put("session", session).put("node", node).put("device", device);
    }

    /** Holds the events of this script's users in {@code log} against exactly what the contract promises. */
    void assertLogged(List<JsonNode> log) {
        assertUser(Events.of(log, ann), annExpected());
        assertUser(Events.of(log, bob), bobExpected());
    }

    private void assertUser(List<JsonNode> actual, List<ObjectNode> expected) {
        assertThat(actual.stream().map(e -> e.path("type").asText()).toList()).as("types in order")
                .containsExactlyElementsOf(expected.stream().map(e -> e.path("type").asText()).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEvent(actual.get(i), expected.get(i), started, ended);
        }
    }
}
