package dev.roster.adapters.javalin.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a WebSocket: every one ({@code *}), the ones listed (comma-separated), or by
 * default only the page's own origin, the scheme of the request with the {@code Host} it was sent to. Origins are
 * compared as scheme, host and port, with default ports made explicit and host names in lower case.
 */
public final class OriginPolicy {
    private final boolean any;
    private final Set<String> listed;

    /** {@code allowed} is the raw setting: null or blank for same origin only, {@code *}, or a comma list. */
    public OriginPolicy(String allowed) {
        String raw = allowed == null ? "" : allowed.trim();
        this.any = raw.equals("*");
        this.listed = any || raw.isEmpty() ? Set.of() : Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> normalize(s).orElseThrow(() -> new IllegalArgumentException(
                        "not an origin (scheme://host[:port]): " + s)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin the {@code Origin} header (never null: a request without one is not a browser's)
     * @param scheme the scheme the request came in on ({@code http} or {@code https})
     * @param host   the {@code Host} header, null if absent
     */
    public boolean allows(String origin, String scheme, String host) {
        if (any) {
            return true;
        }
        Optional<String> normalized = normalize(origin);
        if (normalized.isEmpty()) {
            return false;
        }
        if (!listed.isEmpty()) {
            return listed.contains(normalized.get());
        }
        return host != null && normalize(scheme + "://" + host).equals(normalized);
    }

    /** {@code scheme://host:port} in lower case with the port made explicit; empty when it is not an origin. */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (scheme == null || host == null || uri.getRawUserInfo() != null || !bare
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
}
