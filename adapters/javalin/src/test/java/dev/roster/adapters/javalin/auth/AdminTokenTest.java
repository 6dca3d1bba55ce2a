package dev.roster.adapters.javalin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void requests_checked_at_once_each_get_their_own_answer() throws Exception {
        AdminToken other = new AdminToken("another-token-of-another-length");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean right = i % 2 == 0;
                checks.add(() -> {
                    for (int n = 0; n < 20_000; n++) {
                        if (token.accepts(right ? "Bearer s3cret-token" : "Bearer s3cret-tokem") != right
                                || !other.matches("another-token-of-another-length")) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> done : threads.invokeAll(checks)) {
                assertThat(done.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
