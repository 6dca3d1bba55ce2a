package dev.roster.adapters.javalin.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The headers every answer of the node carries. No answer may be framed by another site (clickjacking) or read by
 * a browser as another type than it says (MIME sniffing); a page runs only the node's own scripts and styles, posts
 * its forms only to the node, and cannot move its base URL; anything else (JSON, metrics, events, scripts) may load
 * nothing at all. A page sends its address only to the node itself. Answers of the API, the dashboard, the metrics
 * and the probes are never stored by a browser or a proxy: they hold presence data.
 */
public final class SecurityHeaders {
    /** For HTML pages: the demo, the dashboard and its sign-in. */
    public static final String PAGE_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; object-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
    /** For everything that is not a page: it is never rendered, so it may load nothing. */
    public static final String DATA_POLICY =
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /**
     * Not {@code no-referrer}: under that policy a browser sends {@code Origin: null} with a form's POST, and the
     * dashboard's sign-in checks that the Origin is the node's own.
     */
    static final String CSP = "Content-Security-Policy";
    public static final String REFERRER_POLICY = "same-origin";

    private SecurityHeaders() {
    }

    /**
     * Adds the headers to an answer about to be sent for {@code path}. A Content-Security-Policy the handler set
     * itself is kept; otherwise an HTML answer gets {@link #PAGE_POLICY} and any other {@link #DATA_POLICY}.
     */
    public static void stamp(HttpFields.Mutable headers, String path) {
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", REFERRER_POLICY);
        if (!headers.contains(CSP)) {
            headers.put(CSP, isHtml(headers) ? PAGE_POLICY : DATA_POLICY);
        }
        if (neverStored(path)) {
            headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        }
    }

    private static boolean isHtml(HttpFields headers) {
        String type = headers.get(HttpHeader.CONTENT_TYPE);
        return type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("text/html");
    }

    /** The API, the dashboard, the metrics and the probes. */
    static boolean neverStored(String path) {
        return path != null
                && (under(path, "/api") || under(path, "/admin") || under(path, "/metrics") || under(path, "/health"));
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
