package dev.roster.system;

import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.say;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node's front door on two real Redis-backed nodes: one behind a proxy it trusts (the test's own address), one
 * trusting none. A token guesser is throttled while honest clients on both nodes keep every message; the forwarded
 * scheme is believed from the trusted proxy only; every answer carries the security headers.
 */
class FrontDoorSystemTest {
    private static final String METRICS_TOKEN = "metrics-token-0123456789abcdef";
    private static final String GUESS = "guess-0123456789abcdef-guess";
    private static final String NONSTORE = "no-store";

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    @RegisterExtension
    static final PerClass<TestNode> PROXIED = PerClass.of(() -> TestNode.start("door-proxied", Map.of(
            "ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev", "ROSTER_METRICS_TOKEN", METRICS_TOKEN,
            "ROSTER_TRUSTED_PROXIES", "127.0.0.1, ::1")));
    @RegisterExtension
    static final PerClass<TestNode> DIRECT = PerClass.of(() -> TestNode.start("door-direct", Map.of(
            "ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev", "ROSTER_METRICS_TOKEN", METRICS_TOKEN)));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_token_guesser_is_throttled_by_address_while_honest_clients_keep_every_message() throws Exception {
        TestNode proxied = PROXIED.get();
        TestNode direct = DIRECT.get();
        try (WsClient ann = proxied.client("door-ann").connect();
             WsClient bob = direct.client("door-bob").connect()) {
            ann.send(join("door-lobby").put("id", 1)).reply("joined", 1);
            bob.send(join("door-lobby").put("id", 2)).reply("joined", 2);

            CompletableFuture<List<Integer>> guessing = CompletableFuture.supplyAsync(() -> guess(proxied));
            int messages = 60;
            for (int i = 0; i < messages; i++) {
                ann.send(say("door-lobby", "m-" + i));
            }
            List<Integer> statuses = guessing.get(20, TimeUnit.SECONDS);
            for (int i = 0; i < messages; i++) {
                String text = "m-" + i;
                assertThat(bob.expect("message", f -> f.path("text").asText().equals(text))
                        .path("from").asText()).isEqualTo("door-ann");
                assertThat(ann.expect("message", f -> f.path("text").asText().equals(text))).isNotNull();
            }
            assertThat(statuses.subList(0, 10)).containsOnly(401);
            assertThat(statuses.subList(10, statuses.size())).containsOnly(429);
        }

        // the guesser's address is refused the right tokens too; another client behind the proxy is not
        HttpResponse<String> refused = send(proxied, "GET", "/api/nodes", TestNode.ADMIN_TOKEN, "203.0.113.66");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(refused.body()).contains("\"too_many_attempts\"");
        assertThat(send(proxied, "GET", "/metrics", METRICS_TOKEN, "203.0.113.66").statusCode()).isEqualTo(429);
        assertThat(signIn(proxied, TestNode.ADMIN_TOKEN, "203.0.113.66", null, null).statusCode()).isEqualTo(429);
        assertThat(send(proxied, "GET", "/api/nodes", TestNode.ADMIN_TOKEN, "203.0.113.67").statusCode())
                .isEqualTo(200);

        // without a trusted proxy, X-Forwarded-For is the client's own word and changes nothing
        for (int i = 0; i < 10; i++) {
            assertThat(send(direct, "GET", "/api/nodes", GUESS + i, "198.51.100." + i).statusCode())
                    .isEqualTo(401);
        }
        assertThat(send(direct, "GET", "/api/nodes", TestNode.ADMIN_TOKEN, "198.51.100.99").statusCode())
                .isEqualTo(429);

        String metrics = send(proxied, "GET", "/metrics", METRICS_TOKEN, "203.0.113.68").body();
        // other tests of this class use the same node: at least the guesser's are counted
        assertThat(counter(metrics, "roster_signin_failures_total{via=\"bearer\"}")).isGreaterThanOrEqualTo(9);
        assertThat(counter(metrics, "roster_signin_failures_total{via=\"form\"}")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "roster_signin_throttled_total{via=\"bearer\"}")).isGreaterThanOrEqualTo(12);
        assertThat(counter(metrics, "roster_signin_throttled_total{via=\"form\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).doesNotContain(GUESS);
    }

    private static double counter(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError(series + " is not in the metrics");
    }

    /** Ten wrong tokens by every way in, then more: what a guesser behind the proxy gets back. */
    private List<Integer> guess(TestNode node) {
        List<Integer> statuses = new ArrayList<>();
        String[] paths = {"/api/nodes", "/metrics", "/admin/api/summary"};
        for (int i = 0; i < 9; i++) {
            statuses.add(send(node, "GET", paths[i % paths.length], GUESS + i, "203.0.113.66").statusCode());
        }
        HttpResponse<String> form = signIn(node, GUESS, "203.0.113.66", null, null);
        statuses.add(form.statusCode() == 303
                && form.headers().firstValue("Location").orElse("").contains("failed") ? 401 : form.statusCode());
        for (int i = 0; i < 10; i++) {
            statuses.add(send(node, "GET", paths[i % paths.length], GUESS, "203.0.113.66").statusCode());
        }
        return statuses;
    }

    @Test
    void the_forwarded_scheme_is_believed_from_the_trusted_proxy_only() {
        TestNode proxied = PROXIED.get();
        HttpResponse<String> secure = signIn(proxied, TestNode.ADMIN_TOKEN, null, "https", origin(proxied, "https"));
        assertThat(secure.statusCode()).isEqualTo(303);
        assertThat(secure.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("; Secure");
        assertThat(signIn(proxied, TestNode.ADMIN_TOKEN, null, "https", origin(proxied, "http")).statusCode())
                .isEqualTo(403);

        TestNode direct = DIRECT.get();
        HttpResponse<String> forged = signIn(direct, TestNode.ADMIN_TOKEN, null, "https", origin(direct, "https"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> plain = signIn(direct, TestNode.ADMIN_TOKEN, null, "https", origin(direct, "http"));
        assertThat(plain.statusCode()).isEqualTo(303);
        assertThat(plain.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContainIgnoringCase("secure");
    }

    @Test
    void every_answer_carries_the_security_headers() throws IOException {
        // behind the proxy, from an address of its own, so that its 401s use no other test's budget
        TestNode node = PROXIED.get();
        String client = "192.0.2.10";
        String[] paths = {"/", "/index.html", "/roster.js", "/demo.js", "/demo.css", "/admin", "/admin/login",
            "/admin/login.js", "/admin/admin.js", "/admin/admin.css", "/admin/api/summary", "/admin/api/session",
            "/admin/api/users?prefix=a", "/admin/api/history", "/api/nodes", "/api/online", "/api/online/count",
            "/api/users/door-x", "/api/rooms/door-lobby", "/api/no-such-path", "/api/users/bad%20id", "/metrics",
            "/health/live", "/health/ready", "/vendor/uplot/uPlot.min.css", "/no/such/file"};
        List<Integer> seen = new ArrayList<>();
        for (String path : paths) {
            String token = path.startsWith("/metrics") ? METRICS_TOKEN : TestNode.ADMIN_TOKEN;
            for (String bearer : new String[] {null, token}) {
                HttpResponse<String> answer = send(node, "GET", path, bearer, client);
                seen.add(answer.statusCode());
                assertHeaders("GET " + path, answer.headers());
            }
        }
        for (String[] other : new String[][] {{"POST", "/api/nodes"}, {"DELETE", "/api/sessions/s-none"},
            {"HEAD", "/metrics"}, {"POST", "/admin/logout"}}) {
            HttpResponse<String> answer = send(node, other[0], other[1], TestNode.ADMIN_TOKEN, client);
            seen.add(answer.statusCode());
            assertHeaders(other[0] + " " + other[1], answer.headers());
        }
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(node.url("/admin")))
                .header("Accept", "text/html").header("X-Forwarded-For", client));
        seen.add(page.statusCode());
        assertHeaders("GET /admin as a browser", page.headers());
        assertThat(seen).contains(200, 303, 400, 401, 404, 405);

        String handshake = refusedHandshake(node).toLowerCase(Locale.ROOT);
        assertThat(handshake).startsWith("http/1.1 401").contains("x-content-type-options: nosniff")
                .contains("x-frame-options: deny").contains("content-security-policy: default-src 'none'");
    }

    private static void assertHeaders(String what, HttpHeaders headers) {
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
        String policy = headers.firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).as(what).contains("base-uri 'none'", "frame-ancestors 'none'", "form-action");
        if (headers.firstValue("Content-Type").orElse("").startsWith("text/html")) {
            assertThat(policy).as(what).startsWith("default-src 'self'").contains("form-action 'self'");
        } else {
            assertThat(policy).as(what).startsWith("default-src 'none'").contains("form-action 'none'");
        }
        String path = what.substring(what.indexOf(' ') + 1);
        if (path.startsWith("/api") || path.startsWith("/admin") || path.startsWith("/metrics")) {
            assertThat(headers.firstValue("Cache-Control")).as(what).hasValue(NONSTORE);
        }
    }

    private HttpResponse<String> send(TestNode node, String method, String path, String bearer, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path)))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return send(request);
    }

    private HttpResponse<String> signIn(TestNode node, String token, String forwardedFor, String forwardedProto,
                                        String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url("/admin/login")))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token,
                        StandardCharsets.UTF_8)));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String origin(TestNode node, String scheme) {
        return scheme + "://127.0.0.1:" + node.port();
    }

    /** A WebSocket handshake without credentials, by hand: the JDK client hides a refusal's headers. */
    private static String refusedHandshake(TestNode node) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            // the refusal's JSON body ends in "}}"; the server may keep the connection open after it
            int n;
            while (!answer.toString().contains("}}") && (n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return answer.toString();
        }
    }

}
