package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.ws.WsClient;
import java.net.http.HttpClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard with 2,000 users online: the list is paged by the server and the search finds one among them. */
class CrowdSearchBrowserTest {
    private static final int CROWD = 2_000;
    private static final int PAGE = 50;

    private static HttpClient http;
    private static WebNode node;
    private static Browser browser;
    private static Dashboard dashboard;

    @BeforeAll
    static void start() {
        http = HttpClient.newHttpClient();
        node = WebNode.start("crowd-node");
        browser = Browser.start();
        dashboard = new Dashboard(browser, node);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            node.close();
        }
    }

    @Test
    void searchFindsOneUserAmongTwoThousandAndTheListIsPaged() {
        dashboard.open();
        List<WsClient> crowd = WsClient.connectMany(http, node.port(), "crowd-", CROWD, 50);
        try {
            browser.await("the count to reach " + CROWD, d -> dashboard.onlineCount() == CROWD);
            browser.await("a full first page", d -> dashboard.listedUsers().size() == PAGE);
            assertThat(browser.text(Browser.testId("users-page"))).isEqualTo("1–" + PAGE);
            browser.screenshot("crowd-first-page");

            browser.click(Browser.testId("users-next"));
            browser.await("the second page", d -> ((PAGE + 1) + "–" + (2 * PAGE)).equals(
                    browser.text(Browser.testId("users-page"))));
            assertThat(dashboard.listedUsers()).hasSize(PAGE);

            dashboard.search("crowd-1234");
            browser.await("exactly the one user searched for",
                    d -> dashboard.listedUsers().equals(List.of("crowd-1234")));
            browser.screenshot("crowd-search-one");

            dashboard.search("crowd-123");
            List<String> ten = IntStream.range(0, 10).mapToObj(i -> "crowd-123" + i).toList();
            browser.await("the ten users of the prefix",
                    d -> dashboard.listedUsers().size() == 10 && dashboard.listedUsers().containsAll(ten));

            dashboard.search("nobody-");
            browser.await("no user", d -> dashboard.listedUsers().isEmpty());
            browser.await("the empty list's note", d -> browser.visible("#user-empty"));
            assertThat(browser.text("#user-empty")).contains("nobody-");
        } finally {
            browser.screenshot("crowd-search-last");
            WsClient.closeAll(crowd);
        }
    }
}
