package dev.roster.browser;

import dev.roster.system.TestNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the browser tests' nodes: a real node as {@code Main} builds it ({@link TestNode}), with a grace period long
 * enough to see a closed user linger on the dashboard, and short enough that it leaves soon after.
 */
final class WebNode {
    static final String ADMIN_TOKEN = TestNode.ADMIN_TOKEN;
    static final long GRACE_MS = 500;

    private WebNode() {
    }

    static TestNode start(String nodeId) {
        return start(nodeId, Map.of());
    }

    /** Starts a node with these variables over the test defaults. */
    static TestNode start(String nodeId, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_GRACE_MS", Long.toString(GRACE_MS));
        env.putAll(overrides);
        return TestNode.start(nodeId, env);
    }
}
