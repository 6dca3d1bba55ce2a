package dev.roster.bench.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TruthTest {

    @Test
    void the_same_users_in_any_order_are_exact() {
        Truth truth = Truth.compare(Set.of("ann", "bob", "cy"), List.of("cy", "ann", "bob"));

        assertThat(truth.exact()).isTrue();
        assertThat(truth.describe()).isEqualTo("exact (3 open, 3 listed)");
    }

    @Test
    void a_user_held_open_but_not_listed_is_missing() {
        Truth truth = Truth.compare(Set.of("ann", "bob"), List.of("ann"));

        assertThat(truth.exact()).isFalse();
        assertThat(truth.missing()).containsExactly("bob");
        assertThat(truth.unexpected()).isEmpty();
    }

    @Test
    void a_listed_user_nobody_holds_open_is_unexpected() {
        Truth truth = Truth.compare(Set.of(), List.of("ghost"));

        assertThat(truth.exact()).isFalse();
        assertThat(truth.unexpected()).containsExactly("ghost");
        assertThat(truth.describe()).contains("unexpected 1 [ghost]");
    }

    @Test
    void a_user_listed_on_two_pages_is_a_difference_even_when_the_sets_agree() {
        Truth truth = Truth.compare(Set.of("ann", "bob"), List.of("ann", "bob", "ann"));

        assertThat(truth.exact()).isFalse();
        assertThat(truth.duplicated()).containsExactly("ann");
        assertThat(truth.listed()).isEqualTo(3);
    }

    @Test
    void long_differences_are_shortened_in_the_description() {
        Truth truth = Truth.compare(Set.of("a", "b", "c", "d", "e", "f", "g"), List.of());

        assertThat(truth.describe()).contains("missing 7 [a, b, c, d, e]...");
    }
}
