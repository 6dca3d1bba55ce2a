package dev.roster.bench.proto;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The URLs of one Roster node, built from its base URL ({@code http://127.0.0.1:8080}). */
public record Endpoints(URI base) {

    public Endpoints {
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("node URL must be http:// or https://: " + base);
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("node URL has no host: " + base);
        }
        String path = base.getPath() == null ? "" : base.getPath();
        base = URI.create(scheme + "://" + base.getRawAuthority() + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    }

    /** Parses a node URL, refusing any host that is not a loopback address: the generator loads this machine only. */
    public static Endpoints loopback(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
        Endpoints endpoints = new Endpoints(uri);
        try {
            if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("node URL must be on loopback (127.0.0.0/8, ::1): " + url);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + url, e);
        }
        return endpoints;
    }

    /** The WebSocket URL for a user under dev auth. */
    public URI socket(String user) {
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + base.getRawPath() + "/ws?user="
                + URLEncoder.encode(user, StandardCharsets.UTF_8));
    }

    public URI http(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }
}
