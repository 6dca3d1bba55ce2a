package dev.roster.adapters.javalin.admin;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.time.InstantSource;
import java.util.Set;

/**
 * Who may use the dashboard: the sign-in form exchanges the admin token for a signed session cookie, and every
 * request under {@code /admin} but the sign-in needs that cookie (a state change also its CSRF token) or the admin
 * token as a bearer token, for scripts and back ends.
 */
final class AdminSignIn {
    private static final Set<String> OPEN_PATHS =
            Set.of("/admin/login", "/admin/login.html", "/admin/login.js", "/admin/admin.css");

    private final AdminAuth auth;
    private final AdminViews views;
    private final InstantSource time;

    AdminSignIn(AdminAuth auth, AdminViews views, InstantSource time) {
        this.auth = auth;
        this.views = views;
        this.time = time;
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

    /** The sign-in form's post: the right token from this site gets the session cookie. */
    void login(Context ctx) {
        if (!sameOrigin(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN).json(views.error("origin", "sign-in from another site is refused"));
            return;
        }
        if (!auth.tokenMatches(ctx.formParam("token"))) {
            ctx.redirect("/admin/login?failed=1", HttpStatus.SEE_OTHER);
            return;
        }
        Cookie cookie = new Cookie(AdminAuth.COOKIE, auth.issue(time.millis()));
        cookie.setPath("/admin");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equals(ctx.scheme()));
        cookie.setMaxAge((int) (AdminAuth.SESSION_MILLIS / 1000));
        ctx.cookie(cookie);
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }

    /** A browser always sends Origin on a form POST; one that names another site is a forged sign-in. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || "null".equals(origin)) {
            return origin == null;
        }
        String host = ctx.header("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
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
