package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdsTest {

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("user", (Function<String, Object>) UserId::of),
                Arguments.of("session", (Function<String, Object>) SessionId::of),
                Arguments.of("node", (Function<String, Object>) NodeId::of),
                Arguments.of("room", (Function<String, Object>) RoomId::of));
    }

    static Stream<Arguments> validExamples() {
        return kinds().flatMap(kind -> Stream.of("a", "Ann_01", "ann@example.com", "room:1.2-b", "x".repeat(64))
                .map(value -> Arguments.of(kind.get()[0], kind.get()[1], value)));
    }

    static Stream<Arguments> invalidExamples() {
        return kinds().flatMap(kind -> Stream.of(
                Arguments.of(kind.get()[0], kind.get()[1], "", "(got an empty string)"),
                Arguments.of(kind.get()[0], kind.get()[1], "x".repeat(65), "(got 65 characters)"),
                Arguments.of(kind.get()[0], kind.get()[1], "ann smith", "(got \"ann smith\")"),
                Arguments.of(kind.get()[0], kind.get()[1], "ann/1", "(got \"ann/1\")"),
                Arguments.of(kind.get()[0], kind.get()[1], "zoë", "(got \"zoë\")"),
                Arguments.of(kind.get()[0], kind.get()[1], "ann\n", "(got \"ann\n\")")));
    }

    @ParameterizedTest(name = "{0} id \"{2}\" is valid")
    @MethodSource("validExamples")
    void accepts_one_to_64_allowed_characters(String kind, Function<String, Object> build, String value) {
        Object id = build.apply(value);

        assertThat(id.toString()).isEqualTo(value);
        assertThat(id).isEqualTo(build.apply(value));
    }

    @ParameterizedTest(name = "{0} id \"{2}\" is refused")
    @MethodSource("invalidExamples")
    void refuses_anything_else_and_says_why(String kind, Function<String, Object> build, String value,
                                            String got) {
        assertThatThrownBy(() -> build.apply(value))
                .isInstanceOfSatisfying(InvalidIdException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessage(kind + " id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ : - " + got);
    }

    @Test
    void every_character_is_allowed_exactly_when_the_rule_names_it() {
        Pattern rule = Pattern.compile("[A-Za-z0-9_.@:-]");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String value = "a" + c;
            boolean accepted;
            try {
                UserId.of(value);
                accepted = true;
            } catch (InvalidIdException e) {
                accepted = false;
            }
            assertThat(accepted).as("character U+%04X", (int) c).isEqualTo(rule.matcher(String.valueOf(c)).matches());
        }
    }

    @ParameterizedTest(name = "a missing {0} id is refused")
    @MethodSource("kinds")
    void refuses_a_missing_id(String kind, Function<String, Object> build) {
        assertThatThrownBy(() -> build.apply(null))
                .isInstanceOf(InvalidIdException.class)
                .isInstanceOf(DomainException.class)
                .hasMessage(kind + " id is missing");
    }

    @ParameterizedTest(name = "{0} ids sort by their text")
    @MethodSource("kinds")
    @SuppressWarnings("unchecked")
    void ids_sort_by_their_text(String kind, Function<String, Object> build) {
        Comparable<Object> a = (Comparable<Object>) build.apply("a");
        Object b = build.apply("b");

        assertThat(a.compareTo(b)).isNegative();
        assertThat(a.compareTo(build.apply("a"))).isZero();
    }
}
