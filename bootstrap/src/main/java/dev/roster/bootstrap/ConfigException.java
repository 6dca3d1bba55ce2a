package dev.roster.bootstrap;

/** A configuration value is missing, malformed or contradicts another; the message names the variable. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
