package dev.roster.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one Roster node from the environment and stops it gracefully on SIGTERM. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final int BAD_CONFIG = 2;
    private static final int FAILED_START = 1;

    private Main() {
    }

    public static void main(String[] args) {
        HeapPolicy.apply();
        Config config;
        try {
            config = Config.fromEnvironment();
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(BAD_CONFIG);
            return;
        }
        RosterNode node;
        try {
            node = RosterNode.create(config);
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(BAD_CONFIG);
            return;
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", rootMessage(e), e);
            System.exit(FAILED_START);
            return;
        }
        announce(config, node);
        try {
            node.start();
        } catch (RuntimeException e) {
            // the reason (a port in use, mostly) says it all; the trace is there for whoever asks for it
            LOG.error("cannot start on port {}: {}", config.port(), rootMessage(e));
            LOG.debug("start failed", e);
            node.stop();
            System.exit(FAILED_START);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: closing connections (1001) and announcing their sessions offline");
            node.stop();
            LOG.info("stopped");
        }, "roster-shutdown"));
        if (config.adminTokenGenerated()) {
            LOG.info("admin token (generated, shown once; set ROSTER_ADMIN_TOKEN to choose it): {}",
                    config.adminToken());
        }
        LOG.info("open http://localhost:{}/ (dashboard at /admin, metrics at /metrics)", node.port());
    }

    // the first lines say what this node runs on, before anything else can scroll them away
    private static void announce(Config config, RosterNode node) {
        LOG.info("Roster node {} (boot {}) on port {}", config.node(), config.boot(), config.port());
        LOG.info("store: {}", node.storeDescription());
        switch (config.auth()) {
            case DEV -> LOG.warn("auth: dev (INSECURE: trusts ?user=); set ROSTER_JWT_SECRET to require JWTs");
            case JWT -> LOG.info("auth: jwt (HS256, sub = user, exp required)");
        }
        LOG.info("grace {} ms, lease {} ms, allowed origins: {}", config.grace().toMillis(),
                config.lease().toMillis(), config.allowedOrigins() == null ? "same origin" : config.allowedOrigins());
    }

    // Guice wraps what a provider threw; the operator needs the innermost reason
    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
