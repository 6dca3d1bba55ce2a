package dev.roster.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The {@code /admin} page of one node as a person sees it in the browser: the sign-in, the rows, the numbers. */
final class Dashboard {
    private final Browser browser;
    private final WebNode node;

    Dashboard(Browser browser, WebNode node) {
        this.browser = browser;
        this.node = node;
    }

    /** Fills in and sends the sign-in form. */
    void submitToken(String token) {
        WebElement input = browser.byTestId("token-input");
        input.clear();
        input.sendKeys(token);
        browser.byTestId("sign-in").click();
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
                browser.byTestId("feed-state").getAttribute("data-state"))
                && browser.byTestId("online-count").getAttribute("data-value") != null);
    }

    static By userRow(String user) {
        return By.cssSelector("[data-testid='user-row'][data-user='" + user + "']");
    }

    static By feedRow(String user, String kind) {
        return By.cssSelector("[data-testid='feed-row'][data-user='" + user + "'][data-kind='" + kind + "']");
    }

    boolean shows(By element) {
        return !browser.driver().findElements(element).isEmpty();
    }

    void awaitShown(Duration atMost, By element) {
        browser.await(atMost, "the dashboard to show " + element, d -> shows(element));
    }

    void awaitGone(By element) {
        browser.await("the dashboard to drop " + element, d -> !shows(element));
    }

    /** The users' list rows, in the order shown. */
    List<String> listedUsers() {
        return browser.attributes("user-row", "data-user");
    }

    /** The big number, as the page holds it. */
    long onlineCount() {
        String value = browser.byTestId("online-count").getAttribute("data-value");
        return value == null ? -1 : Long.parseLong(value);
    }

    /** The chart's newest point and how many points it has. */
    long chartLast() {
        String last = browser.byTestId("online-chart").getAttribute("data-last");
        return last == null || last.isEmpty() ? -1 : Long.parseLong(last);
    }

    int chartPoints() {
        String points = browser.byTestId("online-chart").getAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    /** Selects a user in the list, which shows its details and disconnect buttons. */
    void select(String user) {
        browser.driver().findElement(userRow(user)).findElement(By.cssSelector("button")).click();
        browser.await("the details of " + user, d -> user.equals(browser.byTestId("details-user").getText()));
    }

    void search(String prefix) {
        WebElement search = browser.byTestId("user-search");
        search.clear();
        search.sendKeys(prefix);
    }
}
