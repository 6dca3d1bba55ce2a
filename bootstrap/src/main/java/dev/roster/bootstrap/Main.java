package dev.roster.bootstrap;

import java.io.PrintStream;
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
        StartupLog startup = new StartupLog(LOG, terminal());
        startup.configured(config);
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
        startup.starting(config, node.storeDescription());
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
        startup.listening(config, node.port());
    }

    // The one output that deliberately bypasses the logger: a generated admin token is shown once on stderr (the log
    // lines go to stdout) so that log shippers, which keep every log line, never receive it.
    private static PrintStream terminal() {
        return System.err;
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
