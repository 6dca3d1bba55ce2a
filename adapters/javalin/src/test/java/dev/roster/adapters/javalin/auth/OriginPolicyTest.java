package dev.roster.adapters.javalin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void by_default_only_the_request_s_own_origin_is_allowed() {
        OriginPolicy same = new OriginPolicy(null);
        assertThat(same.allows("http://chat.example:8080", "http", "chat.example:8080")).isTrue();
        assertThat(same.allows("http://CHAT.example", "http", "chat.example:80")).isTrue();
        assertThat(same.allows("https://chat.example", "https", "chat.example")).isTrue();
        assertThat(same.allows("http://chat.example:8081", "http", "chat.example:8080")).isFalse();
        assertThat(same.allows("https://chat.example:8080", "http", "chat.example:8080")).isFalse();
        assertThat(same.allows("http://evil.example", "http", "chat.example")).isFalse();
        assertThat(same.allows("http://chat.example", "http", null)).isFalse();
        assertThat(new OriginPolicy("  ").allows("http://evil.example", "http", "chat.example")).isFalse();
    }

    @Test
    void a_star_allows_every_origin() {
        assertThat(new OriginPolicy("*").allows("http://anything.example", "http", "chat.example")).isTrue();
        assertThat(new OriginPolicy("*").allows("null", "http", "chat.example")).isTrue();
    }

    @Test
    void a_list_allows_exactly_its_origins() {
        OriginPolicy listed = new OriginPolicy("https://app.example, http://localhost:3000");
        assertThat(listed.allows("https://app.example", "http", "api.example")).isTrue();
        assertThat(listed.allows("https://app.example:443", "http", "api.example")).isTrue();
        assertThat(listed.allows("http://localhost:3000", "http", "api.example")).isTrue();
        assertThat(listed.allows("http://localhost:3001", "http", "api.example")).isFalse();
        assertThat(listed.allows("http://app.example", "http", "api.example")).isFalse();
        // a list replaces the same-origin rule
        assertThat(listed.allows("http://api.example", "http", "api.example")).isFalse();
    }

    @Test
    void what_is_not_an_origin_is_refused() {
        OriginPolicy same = new OriginPolicy(null);
        assertThat(same.allows("null", "http", "chat.example")).isFalse();
        assertThat(same.allows("http://chat.example/path", "http", "chat.example")).isFalse();
        assertThat(same.allows("http://user@chat.example", "http", "chat.example")).isFalse();
        assertThat(same.allows("::not a uri::", "http", "chat.example")).isFalse();
        assertThatThrownBy(() -> new OriginPolicy("app.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
