package dev.roster.adapters.javalin.admin;

import io.javalin.http.Context;

/**
 * The headers every dashboard response carries: it is never framed (clickjacking), sends no referrer off the site,
 * and runs only its own scripts.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("X-Frame-Options", "DENY").header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
