package dev.roster.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The http(s) URLs a node calls out to (a JWKS, an authorization hook): checked at start, redacted in logs. */
final class HttpUrl {
    private HttpUrl() {
    }

    /**
     * An absolute {@code http://} or {@code https://} URL with a host.
     *
     * @throws ConfigException naming the variable; the value is not repeated, since a URL may carry credentials
     */
    static URI parse(String variable, String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(variable + " must be an absolute http:// or https:// URL; it is not a valid URL ("
                    + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ConfigException(variable + " must be an absolute http:// or https:// URL, got "
                    + (scheme == null ? "no scheme" : "scheme " + scheme));
        }
        if (uri.getHost() == null) {
            throw new ConfigException(variable + " must be an absolute http:// or https:// URL with a host");
        }
        return uri;
    }

    /** The URL without user info, query or fragment, which may hold credentials. */
    static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
