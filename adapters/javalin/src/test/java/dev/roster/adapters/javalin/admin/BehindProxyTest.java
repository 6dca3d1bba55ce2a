package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * The dashboard behind a TLS-terminating proxy: from a trusted proxy, {@code X-Forwarded-Proto: https} makes the
 * session cookie Secure and the sign-in expect the https page's Origin; from any other peer the header changes
 * nothing, so it cannot make a forged Origin pass.
 */
class BehindProxyTest {

    @Test
    void fromATrustedProxyHttpsMakesTheCookieSecureAndOnlyTheHttpsOriginSignsIn() {
        try (AdminNode node = node(TrustedProxies.parse("127.0.0.1"))) {
            Operator behindTls = Operator.at(node.port()).with("X-Forwarded-Proto", "https");

            HttpResponse<String> signedIn = behindTls.with("Origin", behindTls.origin("https"))
                    .signIn(AdminNode.ADMIN_TOKEN);
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Location")).hasValue("/admin");
            assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                    assertThat(cookie).startsWith(AdminAuth.COOKIE + "=").containsIgnoringCase("; Secure"));

            // the page is https: a plain-http Origin is another site
            assertThat(behindTls.with("Origin", behindTls.origin("http")).signIn(AdminNode.ADMIN_TOKEN)
                    .statusCode()).isEqualTo(403);
            // the same proxy forwarding plain http: no Secure flag, and the http page signs in
            Operator plain = Operator.at(node.port()).with("X-Forwarded-Proto", "http");
            HttpResponse<String> plainSignIn = plain.with("Origin", plain.origin("http")).signIn(AdminNode.ADMIN_TOKEN);
            assertThat(plainSignIn.statusCode()).isEqualTo(303);
            assertThat(plainSignIn.headers().firstValue("Set-Cookie").orElseThrow())
                    .doesNotContainIgnoringCase("secure");
        }
    }

    @Test
    void fromAnUntrustedPeerTheForwardedSchemeIsIgnored() {
        try (AdminNode node = node(TrustedProxies.parse("10.0.0.0/8"))) {
            Operator forger = Operator.at(node.port()).with("X-Forwarded-Proto", "https");

            HttpResponse<String> forged = forger.with("Origin", forger.origin("https")).signIn(AdminNode.ADMIN_TOKEN);
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();

            HttpResponse<String> plain = forger.with("Origin", forger.origin("http")).signIn(AdminNode.ADMIN_TOKEN);
            assertThat(plain.statusCode()).isEqualTo(303);
            assertThat(plain.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContainIgnoringCase("secure");
        }
    }

    @Test
    void aSignInFromAnotherSiteOrAnOpaqueOriginIsRefused() {
        try (AdminNode node = node(TrustedProxies.NONE)) {
            Operator browser = Operator.at(node.port());
            assertThat(browser.with("Origin", "http://evil.example").signIn(AdminNode.ADMIN_TOKEN).statusCode())
                    .isEqualTo(403);
            assertThat(browser.with("Origin", "null").signIn(AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(403);
            assertThat(browser.with("Origin", "http://127.0.0.1:" + node.port() + ".evil.example")
                    .signIn(AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void theOriginIsComparedWithTheSchemeAndHostDefaultPortsAside() {
        assertThat(AdminSignIn.sameOrigin("https://roster.example", "https", "roster.example")).isTrue();
        assertThat(AdminSignIn.sameOrigin("https://roster.example", "https", "roster.example:443")).isTrue();
        assertThat(AdminSignIn.sameOrigin("https://roster.example:443", "https", "roster.example")).isTrue();
        assertThat(AdminSignIn.sameOrigin("http://roster.example:80", "http", "roster.example")).isTrue();
        assertThat(AdminSignIn.sameOrigin("HTTPS://Roster.Example", "https", "roster.example")).isTrue();
        assertThat(AdminSignIn.sameOrigin(null, "https", "roster.example")).isTrue();

        assertThat(AdminSignIn.sameOrigin("http://roster.example", "https", "roster.example")).isFalse();
        assertThat(AdminSignIn.sameOrigin("https://roster.example", "http", "roster.example")).isFalse();
        assertThat(AdminSignIn.sameOrigin("https://roster.example:8443", "https", "roster.example")).isFalse();
        assertThat(AdminSignIn.sameOrigin("https://evil.example", "https", "roster.example")).isFalse();
        assertThat(AdminSignIn.sameOrigin("null", "https", "roster.example")).isFalse();
        assertThat(AdminSignIn.sameOrigin("https://roster.example", "https", null)).isFalse();
    }

    private static AdminNode node(TrustedProxies proxies) {
        return new AdminNode(AdminConsole.VIEWER_QUEUE, InstantSource.system(), proxies,
                new SignInThrottle(new SimpleMeterRegistry()));
    }
}
