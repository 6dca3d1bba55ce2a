package dev.roster.browser;

import dev.roster.bootstrap.Config;
import dev.roster.bootstrap.RosterNode;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** A real node as {@code Main} builds it (Guice, Javalin, the dashboard) on a free port of 127.0.0.1. */
final class WebNode implements AutoCloseable {
    static final String ADMIN_TOKEN = "browser-admin-token";
    /** Short, so that a closed user leaves the dashboard soon after; long enough to see it linger. */
    static final long GRACE_MS = 500;

    private final RosterNode node;

    private WebNode(RosterNode node) {
        this.node = node;
    }

    static WebNode start(String nodeId) {
        return start(nodeId, Map.of());
    }

    /** Starts a node with these variables over the test defaults. */
    static WebNode start(String nodeId, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_PORT", "0");
        env.put("ROSTER_NODE_ID", nodeId);
        env.put("ROSTER_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ROSTER_GRACE_MS", Long.toString(GRACE_MS));
        env.putAll(overrides);
        return new WebNode(RosterNode.create(Config.load(env, "browser-test", new SecureRandom())).start());
    }

    int port() {
        return node.port();
    }

    /** The absolute URL of a path on this node. */
    String url(String path) {
        return "http://127.0.0.1:" + node.port() + path;
    }

    @Override
    public void close() {
        node.stop();
    }
}
