package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node started before Redis answers, as a deploy that starts both at once may do: its port opens at once, live
 * but not ready and refusing sockets; it says once what it waits for; once Redis answers it finishes starting and
 * serves sockets. It waits with no deadline, and stopped while it waits it exits cleanly.
 */
class RedisLateStartIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void redisRunsAgain() {
        REDIS.restart();
    }

    private static Map<String, String> env() {
        return Map.of("ROSTER_REDIS_URL", REDIS.url());
    }

    private static List<String> waitingLines(JarNode node) {
        return node.logText().lines().filter(line -> line.contains("waiting for Redis")).toList();
    }

    @Test
    void aNodeStartedBeforeRedisIsLiveButNotReadyAndFinishesStartingWhenRedisAnswers() throws Exception {
        REDIS.stop();
        try (JarNode node = JarNode.launch("node-early", env())) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !node.alive() || node.status("/health/live") == 200);
            assertThat(node.alive()).as("the node runs; its log:%n%s", node.logText()).isTrue();
            assertThat(node.status("/health/ready")).isEqualTo(503);
            assertThat(node.upgrade("user=ann")).startsWith("HTTP/1.1 503")
                    .contains("{\"error\":{\"code\":\"unavailable\"");

            // it tries twice a second, and says once what it waits for, not on every try
            await().atMost(WAIT).until(() -> !waitingLines(node).isEmpty());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> waitingLines(node).size() == 1);
            assertThat(waitingLines(node).get(0)).contains(REDIS.url());
            assertThat(node.status("/health/live")).isEqualTo(200);
            assertThat(node.status("/health/ready")).isEqualTo(503);

            REDIS.restart();

            await().atMost(WAIT).until(() -> node.status("/health/ready") == 200);
            try (WsClient ann = WsClient.open(node.port(), "ann")) {
                await().atMost(WAIT).until(() -> ann.got("welcome"));
                ann.send("{\"type\":\"join\",\"room\":\"hall\",\"id\":\"j\"}");
                await().atMost(WAIT).until(() -> ann.got("joined"));
                // a room's messages come back through its channel on Redis: the node subscribes once it answers
                ann.send("{\"type\":\"say\",\"room\":\"hall\",\"text\":\"hello\"}");
                await().atMost(WAIT).until(() -> ann.got("message"));
            }
            // the first heartbeat ran once Redis answered: the node's lease is there for every node to see
            await().atMost(WAIT).until(() -> node.json("/api/nodes").contains("\"node-early\""));
        }
    }

    @Test
    void aNodeStoppedWhileWaitingForRedisExitsCleanly() throws Exception {
        REDIS.stop();
        try (JarNode node = JarNode.launch("node-stopped", env())) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !node.alive() || !waitingLines(node).isEmpty());
            assertThat(node.status("/health/live")).isEqualTo(200);

            node.terminate();

            await().atMost(Duration.ofSeconds(10)).until(() -> !node.alive());
            assertThat(node.logText()).contains("stopping", "stopped").doesNotContain("ERROR", "Exception");
        }
    }
}
