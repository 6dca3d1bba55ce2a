package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminAuthTest {
    private static final long NOW = 1_700_000_000_000L;
    private final AdminAuth auth = new AdminAuth("s3cret-token");

    @Test
    void onlyTheExactTokenSignsIn() {
        assertThat(auth.tokenMatches("s3cret-token")).isTrue();
        assertThat(auth.tokenMatches("s3cret-toke")).isFalse();
        assertThat(auth.tokenMatches("s3cret-token ")).isFalse();
        assertThat(auth.tokenMatches("")).isFalse();
        assertThat(auth.tokenMatches(null)).isFalse();
    }

    @Test
    void aBlankAdminTokenIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new AdminAuth(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIssuedCookieIsValidUntilItExpires() {
        String cookie = auth.issue(NOW);
        assertThat(auth.valid(cookie, NOW)).isTrue();
        assertThat(auth.valid(cookie, NOW + AdminAuth.SESSION_MILLIS - 1)).isTrue();
        assertThat(auth.valid(cookie, NOW + AdminAuth.SESSION_MILLIS)).isFalse();
    }

    @Test
    void everyCookieIsDifferent() {
        assertThat(auth.issue(NOW)).isNotEqualTo(auth.issue(NOW));
    }

    @Test
    void aCookieOfAnotherTokenIsRefused() {
        String foreign = new AdminAuth("another-token").issue(NOW);
        assertThat(auth.valid(foreign, NOW)).isFalse();
    }

    @Test
    void aTamperedCookieIsRefused() {
        String cookie = auth.issue(NOW);
        String[] parts = cookie.split("\\.");
        // a later expiry with the old signature
        String extended = (Long.parseLong(parts[0]) + 1_000_000) + "." + parts[1] + "." + parts[2];
        assertThat(auth.valid(extended, NOW)).isFalse();
        String flipped = cookie.substring(0, cookie.length() - 1) + (cookie.endsWith("A") ? "B" : "A");
        assertThat(auth.valid(flipped, NOW)).isFalse();
        assertThat(auth.valid(parts[0] + "." + parts[1], NOW)).isFalse();
    }

    @Test
    void malformedCookiesAreRefusedWithoutThrowing() {
        for (String bad : new String[] {null, "", ".", "..", "abc", "x.y.z", ".a.b", "9999999999999.nonce."}) {
            assertThat(auth.valid(bad, NOW)).as("cookie %s", bad).isFalse();
        }
    }

    @Test
    void theCsrfTokenBelongsToOneCookie() {
        String cookie = auth.issue(NOW);
        String other = auth.issue(NOW);
        String csrf = auth.csrfFor(cookie);
        assertThat(auth.csrfValid(cookie, csrf)).isTrue();
        assertThat(auth.csrfValid(other, csrf)).isFalse();
        assertThat(auth.csrfValid(cookie, csrf + "x")).isFalse();
        assertThat(auth.csrfValid(cookie, null)).isFalse();
        assertThat(auth.csrfValid(null, csrf)).isFalse();
        assertThat(new AdminAuth("another-token").csrfValid(cookie, csrf)).isFalse();
    }
}
