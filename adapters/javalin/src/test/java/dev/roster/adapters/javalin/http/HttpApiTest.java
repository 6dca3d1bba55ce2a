package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpApiTest {

    @Test
    void the_page_size_defaults_to_100_and_takes_1_to_1000() {
        assertThat(HttpApi.limit(null)).isEqualTo(100);
        assertThat(HttpApi.limit("")).isEqualTo(100);
        assertThat(HttpApi.limit("1")).isEqualTo(1);
        assertThat(HttpApi.limit("1000")).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-5", "ten", "1.5", "99999999999"})
    void any_other_page_size_is_a_400(String raw) {
        assertThatThrownBy(() -> HttpApi.limit(raw))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
