package dev.roster.adapters.javalin.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.domain.RoomId;
import dev.roster.domain.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {
    private final FrameDecoder decoder = new FrameDecoder(Json.newMapper());

    @Test
    void every_client_frame_decodes_to_its_typed_form() {
        assertThat(frame("{\"type\":\"join\",\"room\":\"lobby\"}")).isEqualTo(new ClientFrame.Join(RoomId.of("lobby")));
        assertThat(frame("{\"type\":\"leave\",\"room\":\"lobby\"}")).isEqualTo(new ClientFrame.Leave(RoomId.of("lobby")));
        assertThat(frame("{\"type\":\"who\",\"room\":\"a.b@c:d-e_f\"}"))
                .isEqualTo(new ClientFrame.Who(RoomId.of("a.b@c:d-e_f")));
        assertThat(frame("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"hi\"}"))
                .isEqualTo(new ClientFrame.Say(RoomId.of("lobby"), "hi"));
        assertThat(frame("{\"type\":\"status\",\"status\":\"away\"}"))
                .isEqualTo(new ClientFrame.SetStatus(Status.AWAY, null));
        assertThat(frame("{\"type\":\"status\",\"status\":\"busy\",\"text\":\"call\"}"))
                .isEqualTo(new ClientFrame.SetStatus(Status.BUSY, "call"));
        assertThat(frame("{\"type\":\"ping\",\"extra\":[1,2]}")).isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void ids_are_echoed_verbatim_as_strings_or_numbers() {
        assertThat(reOf("{\"type\":\"ping\",\"id\":\"abc\"}")).isEqualTo("\"abc\"");
        assertThat(reOf("{\"type\":\"ping\",\"id\":42}")).isEqualTo("42");
        assertThat(reOf("{\"type\":\"ping\",\"id\":1.50}")).isEqualTo("1.50");
        assertThat(reOf("{\"type\":\"ping\",\"id\":123456789012345678901234567890}"))
                .isEqualTo("123456789012345678901234567890");
        assertThat(((Decoded.Valid) decoder.decode("{\"type\":\"ping\"}")).re()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "[1,2]", "\"text\"", "42", "null", "{\"type\":\"ping\"} {}", "{\"type\":",
            "{\"type\":\"ping\",\"type\":\"join\"}"})
    void anything_but_one_json_object_is_bad_json(String text) {
        assertThat(error(text).code()).isEqualTo("bad_json");
        assertThat(error(text).re()).isNull();
    }

    @Test
    void an_unknown_type_is_unknown_type_with_re() {
        FrameError error = error("{\"type\":\"dance\",\"id\":5}");
        assertThat(error.code()).isEqualTo("unknown_type");
        assertThat(error.re().intValue()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":1}| type is missing",
            "{\"type\":7,\"id\":1}| type must be a string",
            "{\"type\":\"join\",\"id\":1}| room is missing",
            "{\"type\":\"join\",\"id\":1,\"room\":3}| room must be a string",
            "{\"type\":\"join\",\"id\":1,\"room\":\"\"}| room id must be 1 to 64",
            "{\"type\":\"who\",\"id\":1,\"room\":\"white space\"}| room id must be 1 to 64",
            "{\"type\":\"status\",\"id\":1,\"status\":\"asleep\"}| status must be one of",
            "{\"type\":\"status\",\"id\":1,\"status\":\"away\",\"text\":5}| text must be a string",
            "{\"type\":\"say\",\"id\":1,\"room\":\"r\"}| text is missing",
            "{\"type\":\"say\",\"id\":1,\"room\":\"r\",\"text\":\"\"}| text must be 1 to 32768 characters",
    })
    void a_missing_or_wrong_field_is_bad_field_with_re(String text, String message) {
        FrameError error = error(text);
        assertThat(error.code()).isEqualTo("bad_field");
        assertThat(error.message()).contains(message.trim());
        assertThat(error.re().intValue()).isEqualTo(1);
    }

    @Test
    void who_takes_an_optional_limit_and_cursor() {
        assertThat(frame("{\"type\":\"who\",\"room\":\"r\"}"))
                .isEqualTo(new ClientFrame.Who(RoomId.of("r"), 1000, null));
        assertThat(frame("{\"type\":\"who\",\"room\":\"r\",\"limit\":1,\"cursor\":\"abc.def\"}"))
                .isEqualTo(new ClientFrame.Who(RoomId.of("r"), 1, "abc.def"));
        assertThat(frame("{\"type\":\"who\",\"room\":\"r\",\"limit\":1000,\"cursor\":null}"))
                .isEqualTo(new ClientFrame.Who(RoomId.of("r"), 1000, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "2147483648", "99999999999999999999", "1.5", "10.0", "\"10\"", "true",
            "[10]", "{}"})
    void a_who_limit_that_is_not_a_whole_number_from_1_to_1000_is_bad_field(String limit) {
        FrameError error = error("{\"type\":\"who\",\"id\":3,\"room\":\"r\",\"limit\":" + limit + "}");
        assertThat(error.code()).isEqualTo("bad_field");
        assertThat(error.message()).isEqualTo("limit must be a whole number from 1 to 1000");
        assertThat(error.re().intValue()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "[\"a\"]", "{\"a\":1}"})
    void a_who_cursor_that_is_not_a_string_is_bad_field(String cursor) {
        FrameError error = error("{\"type\":\"who\",\"id\":4,\"room\":\"r\",\"cursor\":" + cursor + "}");
        assertThat(error.code()).isEqualTo("bad_field");
        assertThat(error.message()).isEqualTo("cursor must be a string");
    }

    @Test
    void texts_over_their_limits_are_bad_field() {
        assertThat(error("{\"type\":\"say\",\"room\":\"r\",\"text\":\"" + "x".repeat(32_769) + "\"}").code())
                .isEqualTo("bad_field");
        assertThat(frame("{\"type\":\"say\",\"room\":\"r\",\"text\":\"" + "x".repeat(32_768) + "\"}"))
                .isInstanceOf(ClientFrame.Say.class);
        assertThat(error("{\"type\":\"status\",\"status\":\"away\",\"text\":\"" + "x".repeat(257) + "\"}").code())
                .isEqualTo("bad_field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"ping\",\"id\":true}", "{\"type\":\"ping\",\"id\":null}",
            "{\"type\":\"ping\",\"id\":{\"a\":1}}", "{\"type\":\"ping\",\"id\":[1]}"})
    void an_id_that_is_neither_string_nor_number_is_bad_field_without_re(String text) {
        FrameError error = error(text);
        assertThat(error.code()).isEqualTo("bad_field");
        assertThat(error.re()).isNull();
    }

    @Test
    void exactly_64_KiB_is_accepted_and_one_byte_more_is_too_large() {
        String head = "{\"type\":\"ping\",\"id\":9,\"pad\":\"";
        String tail = "\"}";
        int room = FrameDecoder.MAX_FRAME_BYTES - head.length() - tail.length();
        assertThat(frame(head + "x".repeat(room) + tail)).isInstanceOf(ClientFrame.Ping.class);

        FrameError tooLarge = error(head + "x".repeat(room + 1) + tail);
        assertThat(tooLarge.code()).isEqualTo("too_large");
        assertThat(tooLarge.re().intValue()).isEqualTo(9);
    }

    @Test
    void the_limit_counts_utf8_bytes_not_characters() {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        // "é" is two bytes: 22,000 of them fit in 64 KiB as characters but not as bytes
        String text = head + "é".repeat(33_000) + tail;
        assertThat(text.length()).isLessThan(FrameDecoder.MAX_FRAME_BYTES);
        assertThat(error(text).code()).isEqualTo("too_large");
        assertThat(FrameDecoder.utf8Length("aé€\uD83D\uDE00")).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void a_too_large_frame_that_is_not_json_has_no_re() {
        FrameError error = error("x".repeat(70_000));
        assertThat(error.code()).isEqualTo("too_large");
        assertThat(error.re()).isNull();
    }

    @Test
    void a_too_large_frame_is_refused_before_it_is_parsed_and_still_carries_its_id() {
        // not one JSON object at all past its first bytes: a parse of the whole would fail and lose the id
        String unterminated = "{\"id\":\"big\",\"type\":\"say\",\"text\":\"" + "x".repeat(70_000);
        FrameError error = error(unterminated);
        assertThat(error.code()).isEqualTo("too_large");
        assertThat(error.re().asText()).isEqualTo("big");
        // an id after a long text is found too, the text stepped over
        FrameError late = error("{\"pad\":\"" + "x".repeat(70_000) + "\",\"nested\":{\"id\":2},\"id\":1}");
        assertThat(late.code()).isEqualTo("too_large");
        assertThat(late.re().intValue()).isEqualTo(1);
        // a numeric id keeps its digits
        assertThat(error("{\"id\":1.50,\"pad\":\"" + "x".repeat(70_000) + "\"}").re().toString())
                .isEqualTo("1.50");
    }

    @Test
    void a_say_text_over_the_byte_limit_is_too_large_with_re() {
        FrameDecoder limited = new FrameDecoder(Json.newMapper(), 4_096);
        String most = "{\"type\":\"say\",\"id\":1,\"room\":\"r\",\"text\":\"" + "€".repeat(1_365) + "x\"}";
        assertThat(limited.decode(most)).isInstanceOf(Decoded.Valid.class);
        Decoded over = limited.decode("{\"type\":\"say\",\"id\":2,\"room\":\"r\",\"text\":\""
                + "€".repeat(1_365) + "xy\"}");
        FrameError error = ((Decoded.Invalid) over).error();
        assertThat(error.code()).isEqualTo("too_large");
        assertThat(error.re().intValue()).isEqualTo(2);
        assertThat(error.message()).contains("4096");
        // other texts are not held to it
        assertThat(limited.decode("{\"type\":\"status\",\"status\":\"away\",\"text\":\"" + "x".repeat(200)
                + "\"}")).isInstanceOf(Decoded.Valid.class);
    }

    private ClientFrame frame(String text) {
        Decoded decoded = decoder.decode(text);
        assertThat(decoded).isInstanceOf(Decoded.Valid.class);
        return ((Decoded.Valid) decoded).frame();
    }

    private String reOf(String text) {
        return ((Decoded.Valid) decoder.decode(text)).re().toString();
    }

    private FrameError error(String text) {
        Decoded decoded = decoder.decode(text);
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid) decoded).error();
    }
}
