package dev.roster.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Checks the shape of the Redis settings at start, so that a typo fails there and not at the first connection. */
final class RedisTarget {
    private static final List<String> SCHEMES = List.of("redis", "rediss", "redis-sentinel");

    private RedisTarget() {
    }

    static String url(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
                throw new ConfigException("ROSTER_REDIS_URL must start with redis://, rediss:// or redis-sentinel://,"
                        + " got " + redact(raw));
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("ROSTER_REDIS_URL is not a valid URL: " + redact(raw), e);
        }
        return raw;
    }

    static String cluster(String raw) {
        if (raw == null) {
            return null;
        }
        for (String seed : raw.split(",", -1)) {
            String s = seed.strip();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || !validPort(s.substring(colon + 1))) {
                throw new ConfigException("ROSTER_REDIS_CLUSTER must be host:port,host:port..., got \"" + raw + "\"");
            }
        }
        return raw;
    }

    private static boolean validPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port > 0 && port <= 65_535;
    }

    /** The URL without its password, fit for a log line. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^([a-z-]+://)[^@/]*@", "$1***@");
    }
}
