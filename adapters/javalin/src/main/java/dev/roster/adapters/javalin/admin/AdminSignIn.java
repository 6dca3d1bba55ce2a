package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the dashboard: the sign-in form exchanges the admin token for a signed session cookie, and every
 * request under {@code /admin} but the sign-in needs that cookie (a state change also its CSRF token) or the admin
 * token as a bearer token, for scripts and back ends.
 *
 * <p>Behind a TLS-terminating proxy that is trusted ({@link TrustedProxies}), the scheme the browser used is the
 * proxy's {@code X-Forwarded-Proto}: the cookie is then {@code Secure} and the sign-in's Origin is expected as
 * {@code https}. From any other peer those headers are ignored. Failed sign-ins count against the client address in
 * the {@link SignInThrottle}, and an address that failed too often is refused, with the right token too.
 */
final class AdminSignIn {
    private static final Set<String> OPEN_PATHS =
            Set.of("/admin/login", "/admin/login.html", "/admin/login.js", "/admin/admin.css");

    static final String VIA = "form";

    private final AdminAuth auth;
    private final AdminViews views;
    private final InstantSource time;
    private final TrustedProxies proxies;
    private final SignInThrottle throttle;

    AdminSignIn(AdminAuth auth, AdminViews views, InstantSource time, TrustedProxies proxies,
                SignInThrottle throttle) {
        this.auth = auth;
        this.views = views;
        this.time = time;
        this.proxies = proxies;
        this.throttle = throttle;
    }

    /**
     * Lets a request through, or ends it. Without a valid cookie or bearer token, a browser asking for a page is
     * sent to the sign-in form and anything else gets 401; a state change without the cookie's CSRF token gets 403.
     */
    void guard(Context ctx) {
        String path = ctx.path();
        if (OPEN_PATHS.contains(path) || auth.bearerAccepted(ctx.header("Authorization"))) {
            return;
        }
        String cookie = ctx.cookie(AdminAuth.COOKIE);
        String method = ctx.method().name();
        if (!auth.valid(cookie, time.millis())) {
            if (wantsPage(ctx, path, method)) {
                ctx.redirect("/admin/login", HttpStatus.SEE_OTHER);
            } else {
                ctx.header("WWW-Authenticate", "Bearer")
                        .status(HttpStatus.UNAUTHORIZED).json(views.error("unauthorized", "sign in at /admin/login"));
            }
            ctx.skipRemainingHandlers();
            return;
        }
        if (("POST".equals(method) || "DELETE".equals(method))
                && !auth.csrfValid(cookie, ctx.header(AdminAuth.CSRF_HEADER))) {
            ctx.status(HttpStatus.FORBIDDEN).json(views.error("csrf", "missing or wrong " + AdminAuth.CSRF_HEADER));
            ctx.skipRemainingHandlers();
        }
    }

    /** A browser navigating to a dashboard page (not a script calling its API or feed). */
    private static boolean wantsPage(Context ctx, String path, String method) {
        String accept = ctx.header("Accept");
        return "GET".equals(method) && !path.startsWith("/admin/api") && !path.startsWith("/admin/feed")
                && accept != null && accept.contains("text/html");
    }

    /**
     * The sign-in form's post: the right token from this site gets the session cookie. A post from another site is
     * refused (403) and counts as nothing; an address that failed too often gets 429 with {@code Retry-After}.
     */
    void login(Context ctx) {
        String scheme = proxies.scheme(ctx.req().getRemoteAddr(), ctx.scheme(), ctx.header("X-Forwarded-Proto"));
        if (!sameOrigin(ctx.header("Origin"), scheme, ctx.header("Host"))) {
            ctx.status(HttpStatus.FORBIDDEN).json(views.error("origin", "sign-in from another site is refused"));
            return;
        }
        String client = proxies.clientAddress(ctx.req().getRemoteAddr(),
                String.join(",", Collections.list(ctx.req().getHeaders("X-Forwarded-For"))));
        Duration wait = throttle.refusal(client, VIA);
        if (!wait.isZero()) {
            throttled(ctx, Math.max(1, (wait.toMillis() + 999) / 1000));
            return;
        }
        String offered = ctx.formParam("token");
        if (!auth.tokenMatches(offered)) {
            throttle.failed(client, VIA, ctx.path(), offered);
            ctx.redirect("/admin/login?failed=1", HttpStatus.SEE_OTHER);
            return;
        }
        Cookie cookie = new Cookie(AdminAuth.COOKIE, auth.issue(time.millis()));
        cookie.setPath("/admin");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equals(scheme));
        cookie.setMaxAge((int) (AdminAuth.SESSION_MILLIS / 1000));
        ctx.cookie(cookie);
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }

    /** 429 with {@code Retry-After}: a short page for a browser that posted the form, the JSON error otherwise. */
    private void throttled(Context ctx, long seconds) {
        String message = "too many failed sign-ins from this address; try again in " + seconds + " s";
        ctx.header("Retry-After", Long.toString(seconds)).status(HttpStatus.TOO_MANY_REQUESTS);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.contentType("text/html; charset=utf-8").result("<!doctype html><html lang=\"en\"><head>"
                    + "<meta charset=\"utf-8\"><title>Roster: sign-in refused</title></head><body><p>Too many "
                    + "failed sign-ins from this address. Try again in " + seconds + " s.</p>"
                    + "<p><a href=\"/admin/login\">Back to the sign-in</a></p></body></html>");
        } else {
            ctx.json(views.error("too_many_attempts", message));
        }
    }

    /**
     * A browser always sends Origin on a form POST; it must be the page's own: the scheme the client used (the
     * connection's, or a trusted proxy's word for it) and the Host it asked for, default ports aside. No Origin at
     * all is a script, not a browser, and is let through: it cannot carry a victim's cookies to a forged form.
     */
    static boolean sameOrigin(String origin, String scheme, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String expected = scheme.toLowerCase(Locale.ROOT) + "://" + withoutDefaultPort(scheme, host.strip());
        int colon = origin.indexOf("://");
        if (colon < 0) {
            return false;
        }
        String offeredScheme = origin.substring(0, colon);
        return expected.equalsIgnoreCase(offeredScheme + "://"
                + withoutDefaultPort(offeredScheme, origin.substring(colon + 3)));
    }

    private static String withoutDefaultPort(String scheme, String authority) {
        String port = "https".equalsIgnoreCase(scheme) ? ":443" : "http".equalsIgnoreCase(scheme) ? ":80" : null;
        return port != null && authority.endsWith(port)
                ? authority.substring(0, authority.length() - port.length()) : authority;
    }

    void logout(Context ctx) {
        ctx.removeCookie(AdminAuth.COOKIE, "/admin");
        ctx.redirect("/admin/login", HttpStatus.SEE_OTHER);
    }

    /** The CSRF token the page sends with its state changes, derived from its session cookie. */
    void session(Context ctx) {
        ctx.json(views.csrf(auth.csrfFor(ctx.cookie(AdminAuth.COOKIE))));
    }
}
