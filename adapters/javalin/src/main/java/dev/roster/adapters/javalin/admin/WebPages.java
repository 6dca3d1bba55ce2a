package dev.roster.adapters.javalin.admin;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pages Roster serves itself, so that the demo and the dashboard work on a closed network: the demo at
 * {@code /}, the browser client at {@code /roster.js}, the dashboard's scripts and styles under {@code /admin}
 * (its HTML goes through {@link AdminRoutes}, behind the sign-in), and the chart library from its webjar.
 */
public final class WebPages {
    /** Must match the uPlot webjar version in this module's pom. */
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final Map<String, String> UPLOT_FILES = Map.of(
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8");

    private WebPages() {
    }

    public static void register(JavalinConfig cfg) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        // The webjar has no entry for its dist/ folder, so Javalin's static files refuse it as a directory when the
        // jar is on the class path as it is (tests, IDEs); the two files the dashboard needs are served by name.
        Map<String, byte[]> uplot = Map.of(
                "uPlot.iife.min.js", read(UPLOT_DIR + "uPlot.iife.min.js"),
                "uPlot.min.css", read(UPLOT_DIR + "uPlot.min.css"));
        cfg.routes.get("/vendor/uplot/{file}", ctx -> vendor(ctx, uplot));
    }

    private static void vendor(Context ctx, Map<String, byte[]> files) {
        String name = ctx.pathParam("file");
        byte[] body = files.get(name);
        if (body == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("no such file");
            return;
        }
        ctx.header("Cache-Control", "public, max-age=86400").contentType(UPLOT_FILES.get(name)).result(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + ": the uPlot webjar " + UPLOT_VERSION
                        + " must be on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
