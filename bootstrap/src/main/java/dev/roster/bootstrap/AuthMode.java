package dev.roster.bootstrap;

import java.util.Locale;

/** How WebSocket handshakes prove who the user is. */
public enum AuthMode {
    /** Trusts {@code ?user=}: for development only, and logged as insecure. */
    DEV,
    /**
     * Requires {@code ?token=}, a JWT whose {@code sub} is the user and whose {@code exp} is set, checked with the
     * one key source {@link JwtConfig} holds.
     */
    JWT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
