package dev.roster.browser;

import dev.roster.system.TestNode;
import java.time.Duration;
import java.util.List;

/**
 * The {@code /admin} page of one node as a person sees it in the browser: the sign-in, the rows, the numbers. Rows
 * are replaced while the page updates live, so everything here is found and acted on or read in one step.
 */
final class Dashboard {
    private final Browser browser;
    private final TestNode node;

    Dashboard(Browser browser, TestNode node) {
        this.browser = browser;
        this.node = node;
    }

    /** Fills in and sends the sign-in form. */
    void submitToken(String token) {
        browser.type(Browser.testId("token-input"), token);
        browser.click(Browser.testId("sign-in"));
    }

    /** Opens the dashboard afresh, signing in through the form if the browser has no admin session yet. */
    void open() {
        browser.open(node.url("/admin"));
        if (browser.driver().getCurrentUrl().contains("/admin/login")) {
            submitToken(WebNode.ADMIN_TOKEN);
        }
        awaitLive();
    }

    /** Waits until the page has loaded its panels and its feed is connected. */
    void awaitLive() {
        browser.await("the dashboard's feed to be live", d -> "live".equals(
                browser.attribute(Browser.testId("feed-state"), "data-state"))
                && browser.attribute(Browser.testId("online-count"), "data-value") != null);
    }

    static String userRow(String user) {
        return "[data-testid='user-row'][data-user='" + user + "']";
    }

    static String feedRow(String user, String kind) {
        return "[data-testid='feed-row'][data-user='" + user + "'][data-kind='" + kind + "']";
    }

    static String sessionButton(String session) {
        return "[data-testid='disconnect-session'][data-session='" + session + "']";
    }

    boolean shows(String css) {
        return browser.shows(css);
    }

    void awaitShown(Duration atMost, String css) {
        browser.await(atMost, "the dashboard to show " + css, d -> shows(css));
    }

    void awaitGone(String css) {
        browser.await("the dashboard to drop " + css, d -> !shows(css));
    }

    /** The users' list rows, in the order shown. */
    List<String> listedUsers() {
        return browser.attributes("user-row", "data-user");
    }

    /** The big number, as the page holds it. */
    long onlineCount() {
        String value = browser.attribute(Browser.testId("online-count"), "data-value");
        return value == null ? -1 : Long.parseLong(value);
    }

    /** The chart's newest point and how many points it has. */
    long chartLast() {
        String last = browser.attribute(Browser.testId("online-chart"), "data-last");
        return last == null || last.isEmpty() ? -1 : Long.parseLong(last);
    }

    int chartPoints() {
        String points = browser.attribute(Browser.testId("online-chart"), "data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    /** The time axis' labels and where each is drawn: {@code "HH:MM@x"}, in order; empty before the first draw. */
    List<String> chartTimeTicks() {
        String ticks = browser.attribute(Browser.testId("online-chart"), "data-time-ticks");
        return ticks == null || ticks.isBlank() ? List.of() : List.of(ticks.trim().split(" "));
    }

    /** The text the details panel shows now. */
    String details() {
        String text = browser.text(Browser.testId("user-details"));
        return text == null ? "" : text;
    }

    /** Selects a user in the list, which shows its details and disconnect buttons. */
    void select(String user) {
        browser.click(userRow(user) + " button");
        browser.await("the details of " + user, d -> user.equals(browser.text(Browser.testId("details-user"))));
    }

    void search(String prefix) {
        browser.type(Browser.testId("user-search"), prefix);
    }
}
