package dev.roster.adapters.javalin.admin;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The pages Roster serves itself, so that the demo and the dashboard work on a closed network: the demo at
 * {@code /}, the browser client at {@code /roster.js}, the dashboard's scripts and styles under {@code /admin}
 * (its HTML goes through {@link AdminConsole}, behind the sign-in), and the chart library from its webjar.
 */
public final class WebPages {
    /** Must match the uPlot webjar version in this module's pom. */
    static final String UPLOT_VERSION = "1.6.30";

    private WebPages() {
    }

    public static void register(JavalinConfig cfg) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/vendor/uplot";
            files.directory = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist";
            files.location = Location.CLASSPATH;
        });
    }
}
