package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing the admin token on a real node, by bearer token on the API and the dashboard and by the sign-in form:
 * ten different wrong tokens from one address within a minute and that address is refused, right token and all,
 * until the minute has passed; other addresses go on as before; a script repeating one old token is not locked out;
 * the failures are logged and counted, never with what was guessed.
 */
class TokenGuessingTest {
    private static final String GUESS = "guess-Secret-4711";
    private final AtomicLong nanos = new AtomicLong(1_000_000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AdminNode node;

    private AdminNode node(TrustedProxies proxies) {
        node = new AdminNode(AdminConsole.VIEWER_QUEUE, InstantSource.system(), proxies,
                new SignInThrottle(meters, SignInThrottle.MAX_FAILURES, SignInThrottle.WINDOW, 1_000, nanos::get));
        return node;
    }

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void tenWrongTokensFromOneAddressAndEvenTheRightOneIsRefusedUntilTheMinuteHasPassed() {
        AdminNode own = node(TrustedProxies.parse("127.0.0.1"));
        Operator guesser = Operator.at(own.port()).forwardedFor("203.0.113.7");
        Operator colleague = Operator.at(own.port()).forwardedFor("203.0.113.8");
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            String path = i % 2 == 0 ? "/api/nodes" : "/admin/api/summary";
            assertThat(guesser.get(path, GUESS + i).statusCode()).as(path).isEqualTo(401);
        }

        HttpResponse<String> refused = guesser.get("/api/nodes", GUESS);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(refused.body()).contains("\"code\":\"too_many_attempts\"");
        assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        // the right token too: a guesser that hit it now learns nothing
        assertThat(guesser.get("/api/nodes", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(429);
        assertThat(guesser.get("/metrics", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(429);
        // a request without a token is not an attempt: it gets the usual 401
        assertThat(guesser.get("/api/nodes", null).statusCode()).isEqualTo(401);

        // another address is not touched, neither by the guesser's failures nor by its own success
        assertThat(colleague.get("/api/nodes", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(colleague.get("/api/nodes", GUESS).statusCode()).isEqualTo(401);
        assertThat(guesser.get("/api/nodes", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(429);

        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(guesser.get("/api/nodes", AdminNode.ADMIN_TOKEN).headers().firstValue("Retry-After"))
                .hasValue("1");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(guesser.get("/api/nodes", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(200);

        assertThat(meters.counter("roster.signin.failures", "via", "bearer").count()).isEqualTo(11);
        assertThat(meters.counter("roster.signin.throttled", "via", "bearer").count()).isEqualTo(5);
    }

    @Test
    void theSignInFormAndBearerTokensShareOneBudgetAndAThrottledFormGetsNoCookie() {
        AdminNode own = node(TrustedProxies.NONE);
        Operator browser = Operator.at(own.port());
        for (int i = 0; i < SignInThrottle.MAX_FAILURES / 2; i++) {
            HttpResponse<String> failed = browser.signIn(GUESS + "-form-" + i);
            assertThat(failed.statusCode()).isEqualTo(303);
            assertThat(failed.headers().firstValue("Location")).hasValue("/admin/login?failed=1");
            assertThat(browser.get("/admin/api/summary", GUESS + "-bearer-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = browser.signIn(AdminNode.ADMIN_TOKEN);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(refused.body()).contains("\"code\":\"too_many_attempts\"");
        // a browser that posted the form is shown a page that says so
        HttpResponse<String> page = browser.with("Accept", "text/html,application/xhtml+xml")
                .signIn(AdminNode.ADMIN_TOKEN);
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(page.body()).contains("Try again in 60 s", "href=\"/admin/login\"");
        assertThat(meters.counter("roster.signin.failures", "via", "form").count()).isEqualTo(5);
        assertThat(meters.counter("roster.signin.throttled", "via", "form").count()).isEqualTo(2);
    }

    @Test
    void aScriptRepeatingAnOldTokenIsNotLockedOutAndItsFailuresAreStillCounted() {
        AdminNode own = node(TrustedProxies.NONE);
        Operator scraper = Operator.at(own.port());
        for (int i = 0; i < 3 * SignInThrottle.MAX_FAILURES; i++) {
            assertThat(scraper.get("/api/nodes", "an-old-token-from-last-year").statusCode()).isEqualTo(401);
        }
        assertThat(scraper.get("/api/nodes", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(meters.counter("roster.signin.failures", "via", "bearer").count()).isEqualTo(30);
        assertThat(meters.counter("roster.signin.throttled", "via", "bearer").count()).isZero();
    }

    @Test
    void aPeerThatIsNotATrustedProxyCannotEscapeByNamingOtherAddresses() {
        AdminNode own = node(TrustedProxies.NONE);
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            Operator forged = Operator.at(own.port()).forwardedFor("198.51.100." + i);
            assertThat(forged.get("/api/nodes", GUESS + i).statusCode()).isEqualTo(401);
        }
        Operator another = Operator.at(own.port()).forwardedFor("198.51.100.200");
        assertThat(another.get("/api/nodes", AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(429);
        assertThat(another.signIn(AdminNode.ADMIN_TOKEN).statusCode()).isEqualTo(429);
    }

    @Test
    void failuresAreLoggedWithTheAddressAndNeverWithTheTokenOffered() {
        AdminNode own = node(TrustedProxies.parse("127.0.0.1"));
        try (WarningLog warnings = WarningLog.attach()) {
            Operator.at(own.port()).forwardedFor("192.0.2.44").get("/api/nodes", GUESS);
            nanos.addAndGet(Duration.ofSeconds(11).toNanos());
            Operator.at(own.port()).forwardedFor("192.0.2.45").signIn(GUESS);
            assertThat(warnings.firstLines()).contains("192.0.2.44", "192.0.2.45", "bearer", "form")
                    .doesNotContain(GUESS).doesNotContain(AdminNode.ADMIN_TOKEN);
        }
    }
}
