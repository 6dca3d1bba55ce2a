package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dashboard in headless Chromium against one node: sign-in, users coming and going live, the count and chart. */
class DashboardBrowserTest {
    @RegisterExtension
    static final NodeInBrowser SITE = NodeInBrowser.of("dash-node");

    /** How soon a new user must show in the list and the feed. */
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(1);
    private static final String CLOSE_REASON = "disconnected by an operator";
    /** A time label of the chart: a 24-hour "HH:MM". */
    private static final Pattern TIME_LABEL = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    @Test
    void signInThroughTheFormWithTheTokenNeverInAUrlOrPageStorage() {
        try {
            SITE.browser().open(SITE.node().url("/admin/login"));
            SITE.browser().driver().manage().deleteAllCookies();
            SITE.browser().open(SITE.node().url("/admin"));
            SITE.browser().await("the sign-in form", d -> d.getCurrentUrl().endsWith("/admin/login"));

            SITE.dashboard().submitToken("not-the-token");
            SITE.browser().await("the refusal", d -> d.getCurrentUrl().endsWith("/admin/login?failed=1")
                    && SITE.browser().visible(Browser.testId("login-error")));
            SITE.browser().screenshot("dashboard-sign-in-refused");

            SITE.dashboard().submitToken(WebNode.ADMIN_TOKEN);
            SITE.browser().await("the dashboard", d -> d.getCurrentUrl().endsWith("/admin"));
            SITE.dashboard().awaitLive();
            assertThat(SITE.browser().driver().getCurrentUrl()).doesNotContain(WebNode.ADMIN_TOKEN);
            assertThat(SITE.browser().script("return document.cookie")).asString().doesNotContain("roster_admin");
            assertThat(SITE.browser().script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"))
                    .asString().doesNotContain(WebNode.ADMIN_TOKEN);
            assertThat(SITE.browser().driver().manage().getCookieNamed("roster_admin").isHttpOnly()).isTrue();
            assertThat(SITE.browser().driver().manage().getCookieNamed("roster_admin").getSameSite())
                    .isEqualTo("Strict");
            assertThat(SITE.browser().attributes("node-row", "data-node"))
                    .containsExactly("dash-node");
        } finally {
            SITE.browser().screenshot("dashboard-signed-in");
            SITE.browser().size(390, 844);
            SITE.browser().screenshot("dashboard-phone");
            SITE.browser().size(1280, 900);
        }
    }

    @Test
    void aConnectedUserShowsInTheListAndFeedAtOnceAndLeavesAfterTheGracePeriod() {
        SITE.dashboard().open();
        try {
            try (WsClient kim = WsClient.connect(SITE.http(), SITE.node().port(), "kim-live", "laptop")) {
                SITE.dashboard().awaitShown(LIVE_WITHIN, Dashboard.userRow("kim-live"));
                SITE.dashboard().awaitShown(LIVE_WITHIN, Dashboard.feedRow("kim-live", "came_online"));
                SITE.browser().screenshot("dashboard-user-online");
            }
            SITE.dashboard().awaitShown(Browser.WAIT, Dashboard.feedRow("kim-live", "went_offline"));
            SITE.dashboard().awaitGone(Dashboard.userRow("kim-live"));
            assertThat(SITE.dashboard().shows(Dashboard.feedRow("kim-live", "session_closed"))).isTrue();
        } finally {
            SITE.browser().screenshot("dashboard-user-gone");
        }
    }

    @Test
    void theOnlineCountAndTheChartFollowUsersComingAndGoing() {
        SITE.dashboard().open();
        try {
            awaitNobodyOnline();
            int pointsBefore = SITE.dashboard().chartPoints();
            WsClient[] sockets = {WsClient.connect(SITE.http(), SITE.node().port(), "cnt-a"),
                    WsClient.connect(SITE.http(), SITE.node().port(), "cnt-b"),
                    WsClient.connect(SITE.http(), SITE.node().port(), "cnt-c")};
            try {
                SITE.browser().await("the count to reach 3", d -> SITE.dashboard().onlineCount() == 3);
                SITE.browser().await("the chart to reach 3", d -> SITE.dashboard().chartLast() == 3);
                assertThat(SITE.dashboard().chartPoints()).isGreaterThan(pointsBefore);
                SITE.browser().screenshot("dashboard-count-three");
            } finally {
                for (WsClient socket : sockets) {
                    socket.close();
                }
            }
            SITE.browser().await("the count to fall back to 0", d -> SITE.dashboard().onlineCount() == 0);
            SITE.browser().await("the chart to fall back to 0", d -> SITE.dashboard().chartLast() == 0);
        } finally {
            SITE.browser().screenshot("dashboard-count-back-to-zero");
        }
    }

    @Test
    void disconnectingFromTheDashboardClosesTheUsersSocketsWithAReason() {
        SITE.dashboard().open();
        try (WsClient laptop = WsClient.connect(SITE.http(), SITE.node().port(), "lee-kick", "laptop");
             WsClient phone = WsClient.connect(SITE.http(), SITE.node().port(), "lee-kick", "phone")) {
            SITE.dashboard().search("lee-");
            SITE.dashboard().awaitShown(Browser.WAIT, Dashboard.userRow("lee-kick"));
            SITE.dashboard().select("lee-kick");
            String phoneButton = Dashboard.sessionButton(phone.session());
            SITE.dashboard().awaitShown(Browser.WAIT, phoneButton);
            SITE.browser().screenshot("dashboard-user-details");

            SITE.browser().click(phoneButton);
            assertThat(phone.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            SITE.browser().await("the result of the first disconnect",
                    d -> "Closed 1 session.".equals(SITE.browser().text(Browser.testId("action-result"))));
            assertThat(laptop.isClosed()).isFalse();
            SITE.dashboard().awaitShown(Browser.WAIT, Dashboard.feedRow("lee-kick", "disconnected_by_admin"));

            SITE.browser().await("one session left", d -> SITE.browser().count(Browser.testId("session-row")) == 1);
            SITE.browser().click(Browser.testId("disconnect-all"));
            assertThat(laptop.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            SITE.browser().await("no session left", d -> SITE.browser().count(Browser.testId("session-row")) == 0);
            assertThat(SITE.admin().bearer("GET", "/api/users/lee-kick").json().path("sessions").asInt()).isZero();
        } finally {
            SITE.browser().screenshot("dashboard-disconnected");
        }
    }

    @Test
    void anOnlineUsersDetailsSayConnectedNowAndAnOfflineOnesWhenLastSeen() {
        SITE.dashboard().open();
        try {
            try (WsClient ola = WsClient.connect(SITE.http(), SITE.node().port(), "ola-seen", "laptop")) {
                SITE.dashboard().search("ola-");
                SITE.dashboard().awaitShown(Browser.WAIT, Dashboard.userRow("ola-seen"));
                SITE.dashboard().select("ola-seen");
                SITE.browser().await("ola's session", d -> SITE.browser().count(Browser.testId("session-row")) == 1);
                SITE.browser().screenshot("dashboard-details-online");
                // while a session is open the server's last-seen is simply now: "last seen 0.0 s ago" says nothing
                assertThat(SITE.dashboard().details()).doesNotContainIgnoringCase("last seen").doesNotContain("ago");
                assertThat(SITE.browser().text(Browser.testId("details-seen"))).startsWith("now, since ");
            }
            SITE.browser().await("ola's details once she has left",
                    d -> SITE.dashboard().details().contains("Last seen"));
            assertThat(SITE.browser().text(Browser.testId("details-seen"))).endsWith(" ago)");
        } finally {
            SITE.browser().screenshot("dashboard-details-offline");
        }
    }

    @Test
    void theChartsTimeLabelsAreShortDistinctAndApartAtAnyWidth() {
        SITE.dashboard().open();
        try {
            for (int width : new int[] {1280, 1024, 390}) {
                SITE.browser().size(width, 900);
                SITE.browser().await("the time axis drawn at " + width + " px",
                        d -> SITE.dashboard().chartTimeTicks().size() >= 2 && chartFitsWindow(width));
                List<String> ticks = SITE.dashboard().chartTimeTicks();
                List<String> labels = ticks.stream().map(t -> t.substring(0, t.indexOf('@'))).toList();
                assertThat(labels).as("at %d px", width).allMatch(TIME_LABEL.asMatchPredicate()).doesNotHaveDuplicates();
                List<Integer> xs = ticks.stream().map(t -> Integer.parseInt(t.substring(t.indexOf('@') + 1))).toList();
                for (int i = 1; i < xs.size(); i++) {
                    // an "HH:MM" label is about 35 px wide
                    assertThat(xs.get(i) - xs.get(i - 1)).as("at %d px: %s", width, ticks).isGreaterThanOrEqualTo(56);
                }
                SITE.browser().screenshot("dashboard-chart-" + width);
            }
        } finally {
            SITE.browser().size(1280, 900);
        }
    }

    /** Whether the chart has been redrawn at its container's width, which follows the window's. */
    private static boolean chartFitsWindow(int width) {
        Object widths = SITE.browser().script("const box = document.querySelector(\"[data-testid='online-chart']\");"
                + " const drawn = box.querySelector('.u-wrap');"
                + " return [box.clientWidth, drawn === null ? 0 : drawn.getBoundingClientRect().width];");
        List<?> both = (List<?>) widths;
        double box = ((Number) both.get(0)).doubleValue();
        double drawn = ((Number) both.get(1)).doubleValue();
        return box < width && Math.abs(drawn - Math.max(200, box)) < 2;
    }

    @Test
    void signingOutEndsTheSession() {
        SITE.dashboard().open();
        try {
            SITE.browser().click(Browser.testId("sign-out"));
            SITE.browser().await("the sign-in form", d -> d.getCurrentUrl().endsWith("/admin/login"));
            assertThat(SITE.browser().driver().manage().getCookieNamed("roster_admin")).isNull();
            SITE.browser().open(SITE.node().url("/admin"));
            SITE.browser().await("the sign-in form again", d -> d.getCurrentUrl().endsWith("/admin/login"));
        } finally {
            SITE.browser().screenshot("dashboard-signed-out");
        }
    }

    private static void awaitNobodyOnline() {
        SITE.browser().await("nobody to be online", d -> SITE.admin().bearer("GET", "/api/online/count").json()
                .path("count").asLong() == 0 && SITE.dashboard().onlineCount() == 0);
    }
}
