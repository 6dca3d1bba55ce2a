package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.ControlBus.ControlMessage;
import dev.roster.application.port.out.ControlBus.Disconnect;
import dev.roster.application.port.out.ControlBus.Disconnected;
import dev.roster.domain.InvalidIdException;
import dev.roster.domain.NodeId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Control messages on the wire, byte for byte. The expected strings were produced by the tree-based codec
 * (ObjectNode, toString) before it was rewritten to stream: nodes of both versions share the channel during a
 * rolling upgrade.
 */
class ControlCodecTest {
    private final ControlCodec codec = new ControlCodec();

    static Stream<Map.Entry<ControlMessage, String>> messages() {
        return Stream.of(
                Map.entry(new Disconnect("r1", "boot-a", UserId.of("ann"), null, "by an operator"),
                        "{\"request\":\"r1\",\"type\":\"disconnect\",\"fromBoot\":\"boot-a\",\"user\":\"ann\","
                                + "\"reason\":\"by an operator\"}"),
                Map.entry(new Disconnect("r2", "boot-a", UserId.of("bob"), SessionId.of("s9"), null),
                        "{\"request\":\"r2\",\"type\":\"disconnect\",\"fromBoot\":\"boot-a\",\"user\":\"bob\","
                                + "\"session\":\"s9\",\"reason\":null}"),
                Map.entry(new Disconnect("r\"3", null, null, SessionId.of("s9"), "caf\u00e9 \u2615"),
                        "{\"request\":\"r\\\"3\",\"type\":\"disconnect\",\"fromBoot\":null,\"session\":\"s9\","
                                + "\"reason\":\"caf\u00e9 \u2615\"}"),
                Map.entry(new Disconnected("r1", "boot-a", NodeId.of("node-b"), 3),
                        "{\"request\":\"r1\",\"type\":\"disconnected\",\"toBoot\":\"boot-a\",\"node\":\"node-b\","
                                + "\"closed\":3}"),
                Map.entry(new Disconnected("r1", null, null, 0),
                        "{\"request\":\"r1\",\"type\":\"disconnected\",\"toBoot\":null,\"closed\":0}"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageIsWrittenAsBeforeAndReadBack(Map.Entry<ControlMessage, String> message) {
        assertThat(codec.control(message.getKey())).isEqualTo(message.getValue());
        assertThat(codec.control(message.getValue())).isEqualTo(message.getKey());
    }

    @Test
    void fieldsInAnyOrderUnknownFieldsAndOddScalarsReadAsTheTreeCodeReadThem() {
        assertThat(codec.control("{\"type\":\"disconnect\"}")).isEqualTo(new Disconnect("", null, null, null, null));
        assertThat(codec.control("{\"type\":\"disconnected\",\"request\":5,\"closed\":\"4\",\"node\":null,\"x\":[1]}"))
                .isEqualTo(new Disconnected("5", null, null, 4));
        assertThat(codec.control("{\"type\":\"disconnected\",\"request\":null,\"closed\":2.9,\"toBoot\":7}"))
                .isEqualTo(new Disconnected("null", "7", null, 2));
        assertThat(codec.control("{\"type\":\"disconnect\",\"request\":true,\"user\":\"u\",\"reason\":{\"a\":1}}"))
                .isEqualTo(new Disconnect("true", null, UserId.of("u"), null, ""));
        assertThat(codec.control("{\"type\":\"disconnected\",\"type\":\"disconnect\",\"request\":\"a\"}"))
                .isEqualTo(new Disconnect("a", null, null, null, null));
    }

    @Test
    void anythingElseIsAnError() {
        assertThatThrownBy(() -> codec.control("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a control message: ");
        assertThatThrownBy(() -> codec.control("[]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a control message: []");
        assertThatThrownBy(() -> codec.control("{\"type\":\"other\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a control message: {\"type\":\"other\"}");
        assertThatThrownBy(() -> codec.control("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: Unrecognized token 'nope'");
        assertThatThrownBy(() -> codec.control("{\"type\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not JSON: Unexpected end-of-input within/between Object entries");
        assertThatThrownBy(() -> codec.control("{\"type\":\"disconnect\",\"user\":\"\"}"))
                .isInstanceOf(InvalidIdException.class);
    }
}
