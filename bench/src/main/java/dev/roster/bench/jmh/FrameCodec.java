package dev.roster.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding the protocol's client frames and encoding its server frames with Jackson, as a server does per frame
 * (docs/PROTOCOL.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodec {
    private static final String JOIN = "{\"type\":\"join\",\"room\":\"lobby\",\"id\":17}";
    private static final String SAY = "{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"hello, everyone in the lobby\"}";
    private static final String STATUS = "{\"type\":\"status\",\"status\":\"away\",\"text\":\"lunch\",\"id\":\"s1\"}";

    private final ObjectMapper json = new ObjectMapper();

    /** A room's member list, as a {@code joined} reply carries it; only {@link #encodeJoined} depends on its size. */
    @State(Scope.Benchmark)
    public static class Room {
        @Param({"10", "1000"})
        public int members;

        ArrayNode list;

        @Setup
        public void setUp() {
            list = new ObjectMapper().createArrayNode();
            for (int i = 0; i < members; i++) {
                list.addObject().put("user", "user-" + i).put("state", "online")
                        .put("since", 1_767_225_600_000L + i).put("sessions", 1);
            }
        }
    }

    @Benchmark
    public JsonNode decodeJoin() throws JsonProcessingException {
        return json.readTree(JOIN);
    }

    @Benchmark
    public JsonNode decodeSay() throws JsonProcessingException {
        return json.readTree(SAY);
    }

    @Benchmark
    public JsonNode decodeStatus() throws JsonProcessingException {
        return json.readTree(STATUS);
    }

    @Benchmark
    public String encodePresence() throws JsonProcessingException {
        ObjectNode frame = json.createObjectNode().put("type", "presence").put("room", "lobby").put("user", "ann")
                .put("state", "online").put("at", 1_767_225_600_000L);
        return json.writeValueAsString(frame);
    }

    @Benchmark
    public byte[] encodeMessage() throws JsonProcessingException {
        ObjectNode frame = json.createObjectNode().put("type", "message").put("room", "lobby").put("from", "ann")
                .put("text", "hello, everyone in the lobby").put("at", 1_767_225_600_000L);
        return json.writeValueAsBytes(frame);
    }

    @Benchmark
    public String encodeJoined(Room room) throws JsonProcessingException {
        ObjectNode frame = json.createObjectNode().put("type", "joined").put("room", "lobby").put("re", 17);
        frame.set("members", room.list);
        return json.writeValueAsString(frame);
    }
}
