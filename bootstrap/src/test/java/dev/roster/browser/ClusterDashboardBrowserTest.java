package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.system.TestNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.ws.WsClient;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one Redis: the dashboard of either shows the users and the nodes of both. */
class ClusterDashboardBrowserTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    @Test
    void nodeAsDashboardShowsUsersOfBothNodes() {
        REDIS.flush();
        Map<String, String> env = Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev");
        HttpClient http = HttpClient.newHttpClient();
        try (TestNode a = WebNode.start("node-a", env); TestNode b = WebNode.start("node-b", env);
             Browser browser = Browser.start()) {
            Dashboard dashboard = new Dashboard(browser, a);
            try {
                dashboard.open();
                try (WsClient onA = WsClient.connect(http, a.port(), "ann-on-a", "laptop");
                     WsClient onB = WsClient.connect(http, b.port(), "bob-on-b", "phone")) {
                    dashboard.awaitShown(Browser.WAIT, Dashboard.userRow("ann-on-a"));
                    dashboard.awaitShown(Browser.WAIT, Dashboard.userRow("bob-on-b"));
                    dashboard.awaitShown(Browser.WAIT, Dashboard.feedRow("bob-on-b", "came_online"));
                    browser.await("both nodes listed", d -> browser.count(Browser.testId("node-row")) == 2);
                    assertThat(browser.attributes("node-row", "data-node"))
                            .containsExactlyInAnyOrder("node-a", "node-b");
                    browser.await("the count of both", d -> dashboard.onlineCount() == 2);

                    dashboard.select("bob-on-b");
                    browser.await("bob's session on node-b", d -> browser.texts(Browser.testId("session-row"))
                            .stream().anyMatch(row -> row.contains("node-b")));
                    browser.screenshot("cluster-dashboard-on-a");
                }
                dashboard.awaitGone(Dashboard.userRow("bob-on-b"));
            } finally {
                browser.screenshot("cluster-dashboard-after");
            }
        }
    }
}
