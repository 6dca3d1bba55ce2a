package dev.roster.bench.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HookBatchesTest {
    private final HookBatches batches = new HookBatches(new ObjectMapper());

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reads_the_events_in_the_order_given_with_the_fields_the_bench_checks() {
        String body = "{\"events\":["
                + "{\"id\":\"g1-1-0\",\"type\":\"user.online\",\"user\":\"ann\",\"at\":1733500000123,\"state\":\"online\"},"
                + "{\"id\":\"g1-2-0\",\"type\":\"room.joined\",\"user\":\"ann\",\"at\":1733500000124,"
                + "\"room\":\"lobby\",\"state\":\"online\",\"session\":\"s1\"},"
                + "{\"id\":\"g1-3-0\",\"type\":\"session.closed\",\"user\":\"bob\",\"at\":1733500000200,"
                + "\"session\":\"s2\",\"node\":\"n1\",\"device\":null,\"sessions\":0}]}";

        assertThat(batches.parse(bytes(body))).containsExactly(
                new HookEvent("g1-1-0", "user.online", "ann", 1_733_500_000_123L, null),
                new HookEvent("g1-2-0", "room.joined", "ann", 1_733_500_000_124L, "lobby"),
                new HookEvent("g1-3-0", "session.closed", "bob", 1_733_500_000_200L, null));
    }

    @Test
    void an_empty_batch_is_read_as_empty() {
        assertThat(batches.parse(bytes("{\"events\":[]}"))).isEmpty();
    }

    @Test
    void refuses_what_is_not_a_batch() {
        assertThatThrownBy(() -> batches.parse(bytes("not json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> batches.parse(bytes("{\"events\":{}}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"events\" array");
        assertThatThrownBy(() -> batches.parse(bytes("[]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batches.parse(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_an_event_without_its_required_fields() {
        assertThatThrownBy(() -> batches.parse(bytes(
                "{\"events\":[{\"type\":\"user.online\",\"user\":\"ann\",\"at\":1}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a string id");
        assertThatThrownBy(() -> batches.parse(bytes(
                "{\"events\":[{\"id\":\"x\",\"type\":\"user.online\",\"user\":\"ann\",\"at\":\"1\"}]}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batches.parse(bytes(
                "{\"events\":[{\"id\":\"x\",\"type\":\"user.online\",\"user\":7,\"at\":1}]}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
