package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.testsupport.ws.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One connection's share of the bad-input test: a seeded mix of bad frames and valid ones, sent one at a time
 * (each waits for its answer), and a model of what the valid ones changed.
 */
final class FrameMix {
    static final List<String> ROOMS = List.of("fz-r1", "fz-r2", "fz-r3", "fz-r4");
    private static final List<String> STATUSES = List.of("online", "away", "busy");

    private final WsClient client;
    private final String user;
    private final boolean setsStatus;
    private final Random random;
    private final BadFrames bad;
    private final Set<String> joined = new TreeSet<>();
    private String status = "online";
    private int refused;

    /**
     * @param setsStatus whether this connection sends valid status changes; only one connection per user does, so
     *                   that the last status is known without racing another connection of the same user
     */
    FrameMix(WsClient client, String user, boolean setsStatus, long seed) {
        this.client = client;
        this.user = user;
        this.setsStatus = setsStatus;
        this.random = new Random(seed);
        this.bad = new BadFrames(random);
    }

    void run(int frames) {
        for (long id = 1; id <= frames; id++) {
            int dice = random.nextInt(100);
            if (dice < 25) {
                valid(id);
            } else if (dice < 32) {
                notMember(id);
            } else {
                refuse(bad.next(id));
            }
        }
    }

    private void valid(long id) {
        List<String> free = ROOMS.stream().filter(r -> !joined.contains(r)).toList();
        List<String> mine = new ArrayList<>(joined);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!free.isEmpty()) {
                    String room = pick(free);
                    client.send(junk(Frames.join(room).put("id", id))).reply("joined", id);
                    joined.add(room);
                }
            }
            case 1 -> {
                if (!mine.isEmpty()) {
                    String room = pick(mine);
                    client.send(Frames.leave(room).put("id", id)).reply("left", id);
                    joined.remove(room);
                }
            }
            case 2 -> {
                if (setsStatus) {
                    String next = pick(STATUSES);
                    client.send(junk(Frames.status(next, "text " + id).put("id", id))).reply("ok", id);
                    status = next;
                }
            }
            case 3 -> {
                if (!mine.isEmpty()) {
                    String text = user + "/" + client.session() + "/" + id;
                    client.send(Frames.say(pick(mine), text));
                    client.expect("message", f -> f.path("text").asText().equals(text)
                            && f.path("from").asText().equals(user));
                }
            }
            case 4 -> {
                if (!mine.isEmpty()) {
                    client.send(Frames.who(pick(mine)).put("id", id)).reply("members", id);
                }
            }
            default -> client.send(junk(Frames.ping().put("id", id))).reply("pong", id);
        }
    }

    /** A leave, say or who in a room this session has not joined: well-formed, but refused. */
    private void notMember(long id) {
        List<String> free = ROOMS.stream().filter(r -> !joined.contains(r)).toList();
        if (free.isEmpty()) {
            return;
        }
        String room = pick(free);
        ObjectNode frame = switch (random.nextInt(3)) {
            case 0 -> Frames.leave(room);
            case 1 -> Frames.say(room, "not a member");
            default -> Frames.who(room);
        };
        client.send(frame.put("id", id));
        JsonNode error = client.expect("error", f -> f.path("re").isNumber() && f.path("re").asLong() == id);
        assertThat(error.path("code").asText()).as("answer to %s", frame).isEqualTo("not_member");
        refused++;
    }

    private void refuse(BadFrames.Bad frame) {
        if (frame.binary() != null) {
            client.sendBinary(frame.binary());
        } else {
            client.send(frame.text());
        }
        JsonNode error = frame.re() == null
                ? client.expect("error", f -> !f.has("re"))
                : client.expect("error", f -> sameId(f.path("re"), frame.re()));
        String sent = frame.text() == null ? "a binary frame" : abbreviate(frame.text());
        assertThat(error.path("code").asText()).as("answer to %s", sent).isEqualTo(frame.code());
        assertThat(error.path("message").asText()).as("message for %s", sent).isNotBlank();
        refused++;
    }

    // fields beyond the protocol's are ignored, so a valid frame stays valid with them
    private ObjectNode junk(ObjectNode frame) {
        if (random.nextInt(4) == 0) {
            frame.putObject("extra").put("note", "ignored").putArray("list").add(1).add("two");
        }
        return frame;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static boolean sameId(JsonNode got, JsonNode sent) {
        if (got.isNumber() && sent.isNumber()) {
            return got.decimalValue().compareTo(sent.decimalValue()) == 0;
        }
        return got.isTextual() && got.equals(sent);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "... (" + text.length() + " chars)";
    }

    WsClient client() {
        return client;
    }

    String user() {
        return user;
    }

    boolean setsStatus() {
        return setsStatus;
    }

    Set<String> joined() {
        return joined;
    }

    String status() {
        return status;
    }

    int refused() {
        return refused;
    }
}
