package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.http.FrontDoor;
import dev.roster.adapters.javalin.http.SecurityHeaders;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import dev.roster.adapters.javalin.support.RawHttp;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.adapters.memory.InMemoryActivityFeed;
import dev.roster.testsupport.junit.PerClass;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every answer of a node carries the security headers: each route the server has (walked from its router), with
 * and without the token, with a wrong one; every static file; a path that does not exist; a handler that fails;
 * a refused WebSocket handshake.
 */
class SecurityHeadersTest {
    /** Room for the wrong tokens this test sends on purpose: the throttle is another test's subject. */
    private static final int GENEROUS = 100_000;
    @RegisterExtension
    static final PerClass<AdminNode> NODE = PerClass.of(() -> new AdminNode(AdminConsole.VIEWER_QUEUE,
            InstantSource.system(), TrustedProxies.NONE, new SignInThrottle(new SimpleMeterRegistry(), GENEROUS,
            Duration.ofMinutes(1), 1_000, System::nanoTime)));

    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<Integer> statuses = new TreeSet<>();

    @Test
    void everyRouteAnswersWithTheHeadersWithOrWithoutTheToken() throws Exception {
        List<ParsedEndpoint> endpoints = NODE.get().server.javalin().unsafe.internalRouter.allHttpHandlers();
        List<String> walked = new ArrayList<>();
        for (ParsedEndpoint endpoint : endpoints) {
            HandlerType method = endpoint.endpoint.method;
            if (!method.isHttpMethod()) {
                continue;
            }
            String path = concrete(endpoint.endpoint.path);
            for (String token : new String[] {null, "wrong-token", AdminNode.ADMIN_TOKEN}) {
                check(method.name(), path, token);
            }
            walked.add(method + " " + path);
        }
        // the refusals a route gives beside its own answer
        check("POST", "/api/nodes", AdminNode.ADMIN_TOKEN);
        check("GET", "/admin/feed", AdminNode.ADMIN_TOKEN, "Accept", "application/json");
        check("POST", "/admin/login", null, "Origin", "http://elsewhere.example");
        check("OPTIONS", "/api/nodes", null);
        assertThat(walked).as("the router lists the routes of every part of the node")
                .contains("GET /api/nodes", "GET /admin", "POST /admin/login", "GET /admin/feed", "GET /metrics",
                        "GET /health/ready", "DELETE /api/sessions/s1", "GET /vendor/uplot/x1");
        assertThat(statuses).as("answers of every kind were checked").contains(200, 303, 401, 403, 404, 405, 406);
    }

    @Test
    void everyStaticFileAndAMissingOneAnswerWithTheHeaders() throws Exception {
        Path web;
        try {
            web = Path.of(AdminNode.class.getClassLoader().getResource("web").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> files;
        try (Stream<Path> all = Files.walk(web)) {
            files = all.filter(Files::isRegularFile).map(file -> "/" + web.relativize(file).toString()
                    .replace('\\', '/')).toList();
        }
        assertThat(files).contains("/index.html", "/roster.js", "/admin/admin.css");
        for (String file : files) {
            check("GET", file, null);
        }
        check("GET", "/", null);
        check("GET", "/no/such/file.js", null);
        check("GET", "/vendor/uplot/uPlot.min.css", null);
        assertThat(statuses).contains(200, 404);
    }

    @Test
    void theDemoAndTheDashboardPagesGetThePagePolicyAndJsonTheStrictOne() throws Exception {
        assertThat(check("GET", "/", null).firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.PAGE_POLICY);
        assertThat(check("GET", "/admin", AdminNode.ADMIN_TOKEN).firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.PAGE_POLICY);
        assertThat(check("GET", "/admin/login", null).firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.PAGE_POLICY);
        assertThat(check("GET", "/api/nodes", AdminNode.ADMIN_TOKEN).firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.DATA_POLICY);
        assertThat(check("GET", "/roster.js", null).firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.DATA_POLICY);
    }

    @Test
    void aFailingHandlerAnswers500WithTheHeaders() throws Exception {
        SignInThrottle throttle = new SignInThrottle(new SimpleMeterRegistry());
        try (InMemoryActivityFeed feed = new InMemoryActivityFeed();
             TestNode node = TestNode.withRoutes(feed, (app, gateway) -> config -> {
                 config.routes.get("/api/boom", ctx -> {
                     throw new IllegalStateException("a bug");
                 });
                 new FrontDoor(TrustedProxies.NONE, throttle).register(config);
             })) {
            HttpResponse<InputStream> failed = send(node.server.port(), "GET", "/api/boom", TestNode.ADMIN_TOKEN);
            assertThat(failed.statusCode()).isEqualTo(500);
            assertHeaders("/api/boom", failed.headers());
        }
    }

    @Test
    void aRefusedWebSocketHandshakeAnswersWithTheHeaders() throws IOException {
        String refused = RawHttp.upgrade(NODE.get().port(), "/ws", null).toLowerCase(Locale.ROOT);
        assertThat(refused).startsWith("http/1.1 401")
                .contains("x-content-type-options: nosniff")
                .contains("x-frame-options: deny")
                .contains("referrer-policy: " + SecurityHeaders.REFERRER_POLICY)
                .contains("content-security-policy: " + SecurityHeaders.DATA_POLICY.toLowerCase(Locale.ROOT));
    }

    private HttpHeaders check(String method, String path, String token, String... headers)
            throws IOException, InterruptedException {
        String what = method + " " + path + (token == null ? "" : " with " + token);
        if (method.equals("CONNECT")) {
            // the JDK client will not send it
            RawHttp.Answer answer = RawHttp.send(NODE.get().port(), method, path, token);
            statuses.add(answer.status());
            HttpHeaders raw = HttpHeaders.of(answer.headers().entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, e -> List.of(e.getValue()))),
                    (name, value) -> true);
            assertHeaders(what + " answered " + answer.status() + " " + answer.headers(), raw);
            return raw;
        }
        HttpResponse<InputStream> answer = send(NODE.get().port(), method, path, token, headers);
        statuses.add(answer.statusCode());
        assertHeaders(what, answer.headers());
        return answer.headers();
    }

    private HttpResponse<InputStream> send(int port, String method, String path, String token, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        // the live feed never ends: its headers are all this needs
        answer.body().close();
        return answer;
    }

    private static void assertHeaders(String what, HttpHeaders headers) {
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue(SecurityHeaders.REFERRER_POLICY);
        String type = headers.firstValue("Content-Type").orElse("");
        // a page gets the page's policy; anything else (the server's own error pages too) the strict one
        assertThat(headers.allValues("Content-Security-Policy")).as(what).singleElement()
                .isIn(type.startsWith("text/html")
                        ? List.of(SecurityHeaders.PAGE_POLICY, SecurityHeaders.DATA_POLICY)
                        : List.of(SecurityHeaders.DATA_POLICY));
        String path = what.substring(what.indexOf(' ') + 1);
        if (path.startsWith("/api") || path.startsWith("/admin") || path.startsWith("/metrics")
                || path.startsWith("/health")) {
            assertThat(headers.allValues("Cache-Control")).as(what).singleElement().asString()
                    .contains("no-store");
        }
    }

    /** A path of the router with its parameters and wildcards filled in. */
    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{[^}]+}", "x1").replaceAll("<[^>]+>", "x1").replace("*", "any")
                .replace("/sessions/x1", "/sessions/s1");
    }
}
