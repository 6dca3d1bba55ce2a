package dev.roster.adapters.javalin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokenTest {
    private final AdminToken token = new AdminToken("s3cret-token");

    @Test
    void the_right_bearer_token_is_accepted_whatever_the_case_of_the_scheme() {
        assertThat(token.accepts("Bearer s3cret-token")).isTrue();
        assertThat(token.accepts("bearer s3cret-token")).isTrue();
    }

    @Test
    void anything_else_is_refused() {
        assertThat(token.accepts(null)).isFalse();
        assertThat(token.accepts("")).isFalse();
        assertThat(token.accepts("Bearer")).isFalse();
        assertThat(token.accepts("Bearer ")).isFalse();
        assertThat(token.accepts("Bearer s3cret-toke")).isFalse();
        assertThat(token.accepts("Bearer s3cret-token2")).isFalse();
        assertThat(token.accepts("Basic s3cret-token")).isFalse();
        assertThat(token.accepts("s3cret-token")).isFalse();
    }

    @Test
    void a_blank_token_is_never_configured() {
        assertThatThrownBy(() -> new AdminToken(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
