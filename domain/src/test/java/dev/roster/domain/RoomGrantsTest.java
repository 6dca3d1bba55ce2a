package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomGrantsTest {

    @Test
    void exact_names_grant_only_themselves() {
        RoomGrants grants = RoomGrants.of(List.of("lobby", "dm:ann:bob"));
        assertThat(grants.allows(RoomId.of("lobby"))).isTrue();
        assertThat(grants.allows(RoomId.of("dm:ann:bob"))).isTrue();
        assertThat(grants.allows(RoomId.of("lobby2"))).isFalse();
        assertThat(grants.allows(RoomId.of("dm:ann:bo"))).isFalse();
    }

    @Test
    void a_prefix_pattern_grants_every_room_that_starts_with_it() {
        RoomGrants grants = RoomGrants.of(List.of("team:42:*"));
        assertThat(grants.allows(RoomId.of("team:42:general"))).isTrue();
        assertThat(grants.allows(RoomId.of("team:42:"))).isTrue();
        assertThat(grants.allows(RoomId.of("team:4"))).isFalse();
        assertThat(grants.allows(RoomId.of("team:420:general"))).isFalse();
    }

    @Test
    void a_star_grants_every_room() {
        RoomGrants grants = RoomGrants.of(List.of("lobby", "*"));
        assertThat(grants).isSameAs(RoomGrants.ALL);
        assertThat(grants.allows(RoomId.of("anything"))).isTrue();
        assertThat(RoomGrants.ALL.everyRoom()).isTrue();
    }

    @Test
    void no_entries_grant_nothing() {
        assertThat(RoomGrants.of(List.of())).isSameAs(RoomGrants.NONE);
        assertThat(RoomGrants.NONE.allows(RoomId.of("lobby"))).isFalse();
        assertThat(RoomGrants.NONE.none()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "**", "a*b", "x*y*", "room/1"})
    void an_entry_that_is_no_room_and_no_pattern_is_refused(String entry) {
        assertThatThrownBy(() -> RoomGrants.of(List.of("lobby", entry)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("rooms entry");
    }

    @Test
    void a_pattern_as_long_as_a_whole_id_is_refused() {
        String prefix = "r".repeat(64);
        assertThatThrownBy(() -> RoomGrants.of(List.of(prefix + "*"))).isInstanceOf(DomainException.class);
        assertThat(RoomGrants.of(List.of("r".repeat(63) + "*")).allows(RoomId.of(prefix))).isTrue();
    }

    @Test
    void too_many_entries_are_refused() {
        List<String> many = Collections.nCopies(RoomGrants.MAX_ENTRIES + 1, "lobby");
        assertThatThrownBy(() -> RoomGrants.of(many)).hasMessageContaining("at most");
    }

    @Test
    void equal_grants_are_equal() {
        assertThat(RoomGrants.of(List.of("a", "b*"))).isEqualTo(RoomGrants.of(List.of("b*", "a")));
        assertThat(RoomGrants.of(List.of("a"))).isNotEqualTo(RoomGrants.of(List.of("a*")));
    }
}
