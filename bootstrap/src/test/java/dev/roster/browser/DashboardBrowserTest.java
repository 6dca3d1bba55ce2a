package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.ws.WsClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard in headless Chromium against one node: sign-in, users coming and going live, the count and chart. */
class DashboardBrowserTest {
    /** How soon a new user must show in the list and the feed. */
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(1);
    private static final String CLOSE_REASON = "disconnected by an operator";
    /** A time label of the chart: a 24-hour "HH:MM". */
    private static final Pattern TIME_LABEL = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    private static HttpClient http;
    private static WebNode node;
    private static Browser browser;
    private static Dashboard dashboard;
    private static AdminHttp admin;

    @BeforeAll
    static void start() {
        http = HttpClient.newHttpClient();
        node = WebNode.start("dash-node");
        admin = new AdminHttp(http, node);
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
    void signInThroughTheFormWithTheTokenNeverInAUrlOrPageStorage() {
        try {
            browser.open(node.url("/admin/login"));
            browser.driver().manage().deleteAllCookies();
            browser.open(node.url("/admin"));
            browser.await("the sign-in form", d -> d.getCurrentUrl().endsWith("/admin/login"));

            dashboard.submitToken("not-the-token");
            browser.await("the refusal", d -> d.getCurrentUrl().endsWith("/admin/login?failed=1")
                    && browser.visible(Browser.testId("login-error")));
            browser.screenshot("dashboard-sign-in-refused");

            dashboard.submitToken(WebNode.ADMIN_TOKEN);
            browser.await("the dashboard", d -> d.getCurrentUrl().endsWith("/admin"));
            dashboard.awaitLive();
            assertThat(browser.driver().getCurrentUrl()).doesNotContain(WebNode.ADMIN_TOKEN);
            assertThat(browser.script("return document.cookie")).asString().doesNotContain("roster_admin");
            assertThat(browser.script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"))
                    .asString().doesNotContain(WebNode.ADMIN_TOKEN);
            assertThat(browser.driver().manage().getCookieNamed("roster_admin").isHttpOnly()).isTrue();
            assertThat(browser.driver().manage().getCookieNamed("roster_admin").getSameSite()).isEqualTo("Strict");
            assertThat(browser.attributes("node-row", "data-node"))
                    .containsExactly("dash-node");
        } finally {
            browser.screenshot("dashboard-signed-in");
            browser.size(390, 844);
            browser.screenshot("dashboard-phone");
            browser.size(1280, 900);
        }
    }

    @Test
    void aConnectedUserShowsInTheListAndFeedAtOnceAndLeavesAfterTheGracePeriod() {
        dashboard.open();
        try {
            try (WsClient kim = WsClient.connect(http, node.port(), "kim-live", "laptop")) {
                dashboard.awaitShown(LIVE_WITHIN, Dashboard.userRow("kim-live"));
                dashboard.awaitShown(LIVE_WITHIN, Dashboard.feedRow("kim-live", "came_online"));
                browser.screenshot("dashboard-user-online");
            }
            dashboard.awaitShown(Browser.WAIT, Dashboard.feedRow("kim-live", "went_offline"));
            dashboard.awaitGone(Dashboard.userRow("kim-live"));
            assertThat(dashboard.shows(Dashboard.feedRow("kim-live", "session_closed"))).isTrue();
        } finally {
            browser.screenshot("dashboard-user-gone");
        }
    }

    @Test
    void theOnlineCountAndTheChartFollowUsersComingAndGoing() {
        dashboard.open();
        try {
            awaitNobodyOnline();
            int pointsBefore = dashboard.chartPoints();
            WsClient[] sockets = {WsClient.connect(http, node.port(), "cnt-a"),
                    WsClient.connect(http, node.port(), "cnt-b"), WsClient.connect(http, node.port(), "cnt-c")};
            try {
                browser.await("the count to reach 3", d -> dashboard.onlineCount() == 3);
                browser.await("the chart to reach 3", d -> dashboard.chartLast() == 3);
                assertThat(dashboard.chartPoints()).isGreaterThan(pointsBefore);
                browser.screenshot("dashboard-count-three");
            } finally {
                for (WsClient socket : sockets) {
                    socket.close();
                }
            }
            browser.await("the count to fall back to 0", d -> dashboard.onlineCount() == 0);
            browser.await("the chart to fall back to 0", d -> dashboard.chartLast() == 0);
        } finally {
            browser.screenshot("dashboard-count-back-to-zero");
        }
    }

    @Test
    void disconnectingFromTheDashboardClosesTheUsersSocketsWithAReason() {
        dashboard.open();
        try (WsClient laptop = WsClient.connect(http, node.port(), "lee-kick", "laptop");
             WsClient phone = WsClient.connect(http, node.port(), "lee-kick", "phone")) {
            dashboard.search("lee-");
            dashboard.awaitShown(Browser.WAIT, Dashboard.userRow("lee-kick"));
            dashboard.select("lee-kick");
            String phoneButton = Dashboard.sessionButton(phone.session());
            dashboard.awaitShown(Browser.WAIT, phoneButton);
            browser.screenshot("dashboard-user-details");

            browser.click(phoneButton);
            assertThat(phone.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            browser.await("the result of the first disconnect",
                    d -> "Closed 1 session.".equals(browser.text(Browser.testId("action-result"))));
            assertThat(laptop.isClosed()).isFalse();
            dashboard.awaitShown(Browser.WAIT, Dashboard.feedRow("lee-kick", "disconnected_by_admin"));

            browser.await("one session left", d -> browser.count(Browser.testId("session-row")) == 1);
            browser.click(Browser.testId("disconnect-all"));
            assertThat(laptop.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            browser.await("no session left", d -> browser.count(Browser.testId("session-row")) == 0);
            assertThat(admin.bearer("GET", "/api/users/lee-kick").json().path("sessions").asInt()).isZero();
        } finally {
            browser.screenshot("dashboard-disconnected");
        }
    }

    @Test
    void anOnlineUsersDetailsSayConnectedNowAndAnOfflineOnesWhenLastSeen() {
        dashboard.open();
        try {
            try (WsClient ola = WsClient.connect(http, node.port(), "ola-seen", "laptop")) {
                dashboard.search("ola-");
                dashboard.awaitShown(Browser.WAIT, Dashboard.userRow("ola-seen"));
                dashboard.select("ola-seen");
                browser.await("ola's session", d -> browser.count(Browser.testId("session-row")) == 1);
                browser.screenshot("dashboard-details-online");
                // while a session is open the server's last-seen is simply now: "last seen 0.0 s ago" says nothing
                assertThat(dashboard.details()).doesNotContainIgnoringCase("last seen").doesNotContain("ago");
                assertThat(browser.text(Browser.testId("details-seen"))).startsWith("now, since ");
            }
            browser.await("ola's details once she has left", d -> dashboard.details().contains("Last seen"));
            assertThat(browser.text(Browser.testId("details-seen"))).endsWith(" ago)");
        } finally {
            browser.screenshot("dashboard-details-offline");
        }
    }

    @Test
    void theChartsTimeLabelsAreShortDistinctAndApartAtAnyWidth() {
        dashboard.open();
        try {
            for (int width : new int[] {1280, 1024, 390}) {
                browser.size(width, 900);
                browser.await("the time axis drawn at " + width + " px", d -> dashboard.chartTimeTicks().size() >= 2
                        && chartFitsWindow(width));
                List<String> ticks = dashboard.chartTimeTicks();
                List<String> labels = ticks.stream().map(t -> t.substring(0, t.indexOf('@'))).toList();
                assertThat(labels).as("at %d px", width).allMatch(TIME_LABEL.asMatchPredicate()).doesNotHaveDuplicates();
                List<Integer> xs = ticks.stream().map(t -> Integer.parseInt(t.substring(t.indexOf('@') + 1))).toList();
                for (int i = 1; i < xs.size(); i++) {
                    // an "HH:MM" label is about 35 px wide
                    assertThat(xs.get(i) - xs.get(i - 1)).as("at %d px: %s", width, ticks).isGreaterThanOrEqualTo(56);
                }
                browser.screenshot("dashboard-chart-" + width);
            }
        } finally {
            browser.size(1280, 900);
        }
    }

    /** Whether the chart has been redrawn at its container's width, which follows the window's. */
    private static boolean chartFitsWindow(int width) {
        Object widths = browser.script("const box = document.querySelector(\"[data-testid='online-chart']\");"
                + " const drawn = box.querySelector('.u-wrap');"
                + " return [box.clientWidth, drawn === null ? 0 : drawn.getBoundingClientRect().width];");
        List<?> both = (List<?>) widths;
        double box = ((Number) both.get(0)).doubleValue();
        double drawn = ((Number) both.get(1)).doubleValue();
        return box < width && Math.abs(drawn - Math.max(200, box)) < 2;
    }

    @Test
    void signingOutEndsTheSession() {
        dashboard.open();
        try {
            browser.click(Browser.testId("sign-out"));
            browser.await("the sign-in form", d -> d.getCurrentUrl().endsWith("/admin/login"));
            assertThat(browser.driver().manage().getCookieNamed("roster_admin")).isNull();
            browser.open(node.url("/admin"));
            browser.await("the sign-in form again", d -> d.getCurrentUrl().endsWith("/admin/login"));
        } finally {
            browser.screenshot("dashboard-signed-out");
        }
    }

    private static void awaitNobodyOnline() {
        browser.await("nobody to be online", d -> admin.bearer("GET", "/api/online/count").json()
                .path("count").asLong() == 0 && dashboard.onlineCount() == 0);
    }
}
