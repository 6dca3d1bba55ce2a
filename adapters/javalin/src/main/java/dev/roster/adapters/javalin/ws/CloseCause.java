package dev.roster.adapters.javalin.ws;

import java.util.Locale;

/** Why a connection ended, as {@code roster.connections.closed} counts it: the first cause decided wins. */
public enum CloseCause {
    /** The client closed it, or the connection broke; nothing on this side decided it. */
    PEER,
    /** It kept sending frames over its rate for too long (1008). */
    RATE_LIMITED,
    /** It did not read what it was sent, and too much piled up (1013). */
    SLOW_CONSUMER,
    /** Too many of its frames were waiting for a reply (1008). */
    BACKLOG,
    /** Its token expired (1008). */
    TOKEN_EXPIRED,
    /** Its session could not be registered: refused by a limit (1008) ... */
    REJECTED,
    /** ... or failed (1011). */
    CONNECT_FAILED,
    /** An operator closed its session (1000). */
    OPERATOR,
    /** The node is stopping (1001). */
    SHUTDOWN,
    /** It sent nothing, not even a pong, for the idle timeout: dropped. */
    IDLE,
    /** A send to it failed: dropped. */
    SEND_FAILED;

    /** The metric tag: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
