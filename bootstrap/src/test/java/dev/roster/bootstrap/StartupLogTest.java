package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StartupLogTest {
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes";

    private final ByteArrayOutputStream terminalBytes = new ByteArrayOutputStream();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger logger;
    private StartupLog startup;

    @BeforeEach
    void capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger("startup-log-test-" + System.nanoTime());
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        logged.start();
        logger.addAppender(logged);
        startup = new StartupLog(logger, new PrintStream(terminalBytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    private static Config load(Map<String, String> env) {
        return Config.load(env, "host", new SecureRandom());
    }

    private String terminal() {
        return terminalBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private List<String> lines() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void a_generated_admin_token_is_printed_to_the_terminal_once_and_never_logged() {
        Config config = load(Map.of());

        startup.configured(config);
        startup.starting(config, "in-memory");
        startup.listening(config, 8080);

        String token = config.adminToken();
        assertThat(terminal().split(token, -1)).hasSize(2);
        assertThat(terminal()).contains("ROSTER_ADMIN_TOKEN");
        assertThat(lines()).noneMatch(line -> line.contains(token));
        assertThat(lines(Level.INFO)).anyMatch(line -> line.contains("generated and printed once to the terminal"));
    }

    @Test
    void a_chosen_admin_token_is_neither_printed_nor_logged() {
        String chosen = "a-chosen-admin-token-of-enough-length";
        Config config = load(Map.of("ROSTER_ADMIN_TOKEN", chosen));

        startup.starting(config, "in-memory");
        startup.listening(config, 8080);

        assertThat(terminal()).isEmpty();
        assertThat(lines()).noneMatch(line -> line.contains(chosen) || line.contains("admin token"));
    }

    @Test
    void a_generated_token_beside_redis_warns_that_every_node_needs_the_same_one() {
        Config shared = load(Map.of("ROSTER_REDIS_URL", "redis://127.0.0.1:6390", "ROSTER_AUTH", "dev"));

        startup.listening(shared, 8080);

        assertThat(lines(Level.WARN)).singleElement().asString()
                .contains("every node of a cluster must be given the same ROSTER_ADMIN_TOKEN");
    }

    @Test
    void a_generated_token_on_the_embedded_store_gives_no_cluster_warning() {
        startup.listening(load(Map.of()), 8080);

        assertThat(lines(Level.WARN)).isEmpty();
    }

    @Test
    void dev_auth_is_logged_as_insecure() {
        startup.starting(load(Map.of()), "in-memory");

        assertThat(lines(Level.WARN)).singleElement().asString().startsWith("auth: dev (INSECURE");
    }

    @Test
    void the_jwt_line_names_the_key_type_and_the_required_claims_but_never_the_secret() {
        startup.starting(load(Map.of("ROSTER_JWT_SECRET", SECRET, "ROSTER_JWT_ISSUER", "https://issuer.example",
                "ROSTER_JWT_AUDIENCE", "roster")), "in-memory");
        startup.starting(load(Map.of("ROSTER_JWT_PUBLIC_KEY", JwtKeys.rsaPem())), "in-memory");
        startup.starting(load(Map.of("ROSTER_JWT_PUBLIC_KEY", JwtKeys.ecPem(), "ROSTER_JWT_LEEWAY_S", "0")),
                "in-memory");
        startup.starting(load(Map.of("ROSTER_JWT_JWKS_URL", "https://user:pw@issuer.example/jwks.json?k=v")),
                "in-memory");

        List<String> auth = lines().stream().filter(line -> line.startsWith("auth:")).toList();
        assertThat(auth).containsExactly(
                "auth: jwt (HS256 secret; sub = user, exp required, leeway 5 s; issuer https://issuer.example; "
                        + "audience roster)",
                "auth: jwt (public key, RS256; sub = user, exp required, leeway 5 s)",
                "auth: jwt (public key, ES256; sub = user, exp required, leeway 0 s)",
                "auth: jwt (JWKS URL https://issuer.example/jwks.json, keys chosen by kid; sub = user, exp required, "
                        + "leeway 5 s)");
        assertThat(lines()).noneMatch(line -> line.contains(SECRET) || line.contains("pw@"));
    }

    @Test
    void unknown_variables_are_warned_and_service_links_noted_once() {
        Config config = load(Map.of("ROSTER_PROT", "1", "ROSTER_SERVICE_HOST", "10.0.0.1",
                "ROSTER_SERVICE_PORT", "8080"));

        startup.configured(config);

        assertThat(lines(Level.WARN)).containsExactly(
                "unknown variable ROSTER_PROT is ignored; did you mean ROSTER_PORT?");
        assertThat(lines(Level.INFO)).singleElement().asString().contains("Kubernetes service-link");
    }

    @Test
    void without_a_webhook_the_start_says_events_are_delivered_nowhere() {
        startup.starting(load(Map.of()), "in-memory");

        assertThat(lines(Level.INFO)).filteredOn(line -> line.startsWith("events:")).singleElement().asString()
                .isEqualTo("events: the log keeps about 100000 events, up to 86400 s; no webhook configured (set "
                        + "ROSTER_WEBHOOK_URL and ROSTER_WEBHOOK_SECRET to deliver them)");
    }

    @Test
    void a_log_without_an_age_bound_is_said_to_keep_a_count_only() {
        startup.starting(load(Map.of("ROSTER_EVENTS_MAX_AGE_S", "0")), "in-memory");

        assertThat(lines(Level.INFO)).filteredOn(line -> line.startsWith("events:")).singleElement().asString()
                .startsWith("events: the log keeps about 100000 events; no webhook configured");
    }

    @Test
    void the_webhook_line_shows_where_events_go_without_credentials_or_the_secret() {
        String secret = "whsec-0123456789abcdef0123456789ab";
        startup.starting(load(Map.of("ROSTER_WEBHOOK_URL", "https://roster:hunter2@app.example/hooks?token=s3cret",
                "ROSTER_WEBHOOK_SECRET", secret, "ROSTER_EVENTS_KEEP", "5000")), "in-memory");

        assertThat(lines(Level.INFO)).filteredOn(line -> line.startsWith("events:")).singleElement().asString()
                .isEqualTo("events: the log keeps about 5000 events, up to 86400 s; delivered to webhook "
                        + "https://app.example/hooks (batches of up to 100, 12 tries, timeout 5000 ms)");
        assertThat(lines()).noneMatch(line -> line.contains(secret) || line.contains("hunter2")
                || line.contains("s3cret"));
    }
}
