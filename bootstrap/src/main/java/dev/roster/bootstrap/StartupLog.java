package dev.roster.bootstrap;

import java.io.PrintStream;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What a node says as it starts: first what it runs on (store, auth), then what it was told that it ignores, and
 * once it listens, how to reach it. A generated admin token goes to the terminal only, never through the logger:
 * log shippers keep every log line, and a token in one is a token anyone with log access can use.
 */
final class StartupLog {
    private final Logger log;
    private final PrintStream terminal;

    StartupLog(Logger log, PrintStream terminal) {
        this.log = Objects.requireNonNull(log, "log");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /** What the configuration ignored: unknown {@code ROSTER_*} variables (warned), service links (noted). */
    void configured(Config config) {
        config.notes().forEach(log::info);
        config.warnings().forEach(log::warn);
    }

    /** The first lines once the node is built: which node, on which store, authenticating how. */
    void starting(Config config, String storeDescription) {
        log.info("Roster node {} (boot {}) on port {}", config.node(), config.boot(), config.port());
        log.info("store: {}", storeDescription);
        switch (config.auth()) {
            case DEV -> log.warn("auth: dev (INSECURE: trusts ?user=, anyone can be anyone); set ROSTER_AUTH=jwt with "
                    + "ROSTER_JWT_SECRET, ROSTER_JWT_PUBLIC_KEY or ROSTER_JWT_JWKS_URL to require JWTs");
            case JWT -> log.info("auth: jwt ({})", config.jwt().describe());
        }
        log.info("grace {} ms, lease {} ms, allowed origins: {}", config.grace().toMillis(),
                config.lease().toMillis(), config.allowedOrigins() == null ? "same origin" : config.allowedOrigins());
        events(config.events());
    }

    /** Where the event log goes: the webhook's address without its credentials, or that it goes nowhere. */
    private void events(EventSettings events) {
        String kept = "the log keeps about " + events.keep() + " events"
                + (events.maxAge().isZero() ? "" : ", up to " + events.maxAge().toSeconds() + " s");
        if (events.webhook() == null) {
            log.info("events: {}; no webhook configured (set ROSTER_WEBHOOK_URL and ROSTER_WEBHOOK_SECRET to deliver "
                    + "them)", kept);
            return;
        }
        log.info("events: {}; delivered to webhook {} (batches of up to {}, {} tries, timeout {} ms)", kept,
                events.webhook().shownUrl(), events.batch(), events.maxTries(), events.webhook().timeout().toMillis());
    }

    /** Once the node listens: the generated admin token (to the terminal, stderr in {@code Main}) and where to go. */
    void listening(Config config, int port) {
        if (config.adminTokenGenerated()) {
            terminal.println("Roster admin token (generated, shown once; set ROSTER_ADMIN_TOKEN to choose it): "
                    + config.adminToken());
            terminal.flush();
            log.info("admin token: generated and printed once to the terminal, not to the log; "
                    + "set ROSTER_ADMIN_TOKEN to choose it");
            if (config.usesRedis()) {
                log.warn("admin token generated on a node that shares Redis: every node of a cluster must be given the "
                        + "same ROSTER_ADMIN_TOKEN, or a dashboard sign-in and an /api token work on one node only");
            }
        }
        log.info("open http://localhost:{}/ (dashboard at /admin, metrics at /metrics)", port);
    }
}
