package dev.roster.bench.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FramesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Frames frames = new Frames(json);

    @Test
    void reads_a_welcome() {
        Frame frame = frames.parse("{\"type\":\"welcome\",\"user\":\"ann\",\"session\":\"s-1\",\"node\":\"n1\"}");

        assertThat(frame.is("welcome")).isTrue();
        assertThat(frame.user()).isEqualTo("ann");
        assertThat(frame.session()).isEqualTo("s-1");
        assertThat(frame.node()).isEqualTo("n1");
        assertThat(frame.members()).isEqualTo(-1);
    }

    @Test
    void reads_a_presence_frame_with_its_time() {
        Frame frame = frames.parse(
                "{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"bob\",\"state\":\"offline\",\"at\":1767225600000}");

        assertThat(frame.room()).isEqualTo("lobby");
        assertThat(frame.state()).isEqualTo("offline");
        assertThat(frame.at()).isEqualTo(1_767_225_600_000L);
    }

    @Test
    void reads_a_numeric_re_as_text_and_counts_members() {
        Frame frame = frames.parse("{\"type\":\"joined\",\"re\":17,\"room\":\"lobby\",\"members\":[{\"user\":\"a\"},"
                + "{\"user\":\"b\"}]}");

        assertThat(frame.re()).isEqualTo("17");
        assertThat(frame.members()).isEqualTo(2);
    }

    @Test
    void a_null_field_reads_as_absent() {
        assertThat(frames.parse("{\"type\":\"error\",\"code\":\"bad_frame\",\"re\":null}").re()).isNull();
    }

    @Test
    void refuses_what_is_not_a_frame_object() {
        assertThatThrownBy(() -> frames.parse("not json")).isInstanceOf(FrameFormatException.class);
        assertThatThrownBy(() -> frames.parse("[1,2]")).isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("not a frame object");
        assertThatThrownBy(() -> frames.parse("{\"room\":\"lobby\"}")).isInstanceOf(FrameFormatException.class);
        assertThatThrownBy(() -> frames.parse("{\"type\":5}")).isInstanceOf(FrameFormatException.class);
        assertThatThrownBy(() -> frames.parse("")).isInstanceOf(FrameFormatException.class);
    }

    @Test
    void writes_client_frames_of_the_protocol() throws Exception {
        JsonNode join = json.readTree(frames.join("lobby", "j1"));
        JsonNode leave = json.readTree(frames.leave("lobby", "j2"));
        JsonNode ping = json.readTree(frames.ping("p"));

        assertThat(join.path("type").asText()).isEqualTo("join");
        assertThat(join.path("room").asText()).isEqualTo("lobby");
        assertThat(join.path("id").asText()).isEqualTo("j1");
        assertThat(leave.path("type").asText()).isEqualTo("leave");
        assertThat(ping.path("type").asText()).isEqualTo("ping");
    }

    @Test
    void a_say_frame_escapes_its_text_and_carries_no_id() throws Exception {
        JsonNode say = json.readTree(frames.say("lobby", "he said \"hi\"\n"));

        assertThat(say.path("text").asText()).isEqualTo("he said \"hi\"\n");
        assertThat(say.has("id")).isFalse();
    }
}
