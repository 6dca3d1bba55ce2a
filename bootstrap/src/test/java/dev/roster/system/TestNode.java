package dev.roster.system;

import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.bootstrap.Config;
import dev.roster.bootstrap.RosterNode;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * A real node as {@code Main} builds it (Guice, memory store, Javalin) on a free port, with a short grace period so
 * that tests about it stay quick.
 */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final long GRACE_MS = 300;

    private final RosterNode node;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestNode(RosterNode node) {
        this.node = node;
    }

    static TestNode start() {
        return start(Map.of());
    }

    /** Starts a node with these variables over the test defaults. */
    static TestNode start(Map<String, String> overrides) {
        return start("test-node", overrides);
    }

    /** Starts a node of this id with these variables over the test defaults. */
    public static TestNode start(String nodeId, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_PORT", "0");
        env.put("ROSTER_NODE_ID", nodeId);
        env.put("ROSTER_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ROSTER_GRACE_MS", Long.toString(GRACE_MS));
        env.putAll(overrides);
        Config config = Config.load(env, "test-host", new SecureRandom());
        return new TestNode(RosterNode.create(config).start());
    }

    ClientBuilder client(String user) {
        return new ClientBuilder(http, node.port(), user);
    }

    /** A client that offers no user name (for token or refusal tests). */
    ClientBuilder anonymous() {
        return new ClientBuilder(http, node.port(), null);
    }

    Api api() {
        return new Api(http, node.port(), ADMIN_TOKEN);
    }

    Api api(String token) {
        return new Api(http, node.port(), token);
    }

    public int port() {
        return node.port();
    }

    /** The absolute URL of a path on this node. */
    public String url(String path) {
        return "http://127.0.0.1:" + node.port() + path;
    }

    /** The node's presence queries, to look at its state after the server stopped answering. */
    QueryPresenceUseCase query() {
        return node.query();
    }

    /** The graceful stop SIGTERM triggers. */
    void stop() {
        node.stop();
    }

    @Override
    public void close() {
        node.stop();
    }
}
