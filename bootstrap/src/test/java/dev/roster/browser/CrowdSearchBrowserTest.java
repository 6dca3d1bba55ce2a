package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.ws.WsClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dashboard with 2,000 users online: the list is paged by the server and the search finds one among them. */
class CrowdSearchBrowserTest {
    @RegisterExtension
    static final NodeInBrowser SITE = NodeInBrowser.of("crowd-node");

    private static final int CROWD = 2_000;
    private static final int PAGE = 50;

    @Test
    void searchFindsOneUserAmongTwoThousandAndTheListIsPaged() {
        SITE.dashboard().open();
        List<WsClient> crowd = WsClient.connectMany(SITE.http(), SITE.node().port(), "crowd-", CROWD, 50);
        try {
            SITE.browser().await("the count to reach " + CROWD, d -> SITE.dashboard().onlineCount() == CROWD);
            SITE.browser().await("a full first page", d -> SITE.dashboard().listedUsers().size() == PAGE);
            assertThat(SITE.browser().text(Browser.testId("users-page"))).isEqualTo("1–" + PAGE);
            SITE.browser().screenshot("crowd-first-page");

            SITE.browser().click(Browser.testId("users-next"));
            SITE.browser().await("the second page", d -> ((PAGE + 1) + "–" + (2 * PAGE)).equals(
                    SITE.browser().text(Browser.testId("users-page"))));
            assertThat(SITE.dashboard().listedUsers()).hasSize(PAGE);

            SITE.dashboard().search("crowd-1234");
            SITE.browser().await("exactly the one user searched for",
                    d -> SITE.dashboard().listedUsers().equals(List.of("crowd-1234")));
            SITE.browser().screenshot("crowd-search-one");

            SITE.dashboard().search("crowd-123");
            List<String> ten = IntStream.range(0, 10).mapToObj(i -> "crowd-123" + i).toList();
            SITE.browser().await("the ten users of the prefix",
                    d -> SITE.dashboard().listedUsers().size() == 10
                            && SITE.dashboard().listedUsers().containsAll(ten));

            SITE.dashboard().search("nobody-");
            SITE.browser().await("no user", d -> SITE.dashboard().listedUsers().isEmpty());
            SITE.browser().await("the empty list's note", d -> SITE.browser().visible("#user-empty"));
            assertThat(SITE.browser().text("#user-empty")).contains("nobody-");
        } finally {
            SITE.browser().screenshot("crowd-search-last");
            WsClient.closeAll(crowd);
        }
    }
}
