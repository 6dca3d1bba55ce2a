package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.system.TestNode;
import dev.roster.testsupport.ws.WsClient;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo page at {@code /} in two browsers, as two people in two windows: each sees the other. */
class DemoPageBrowserTest {
    private static final String ROOM = "demo-room";
    private static TestNode node;
    private static Browser ann;
    private static Browser bob;

    @BeforeAll
    static void start() {
        node = WebNode.start("demo-node");
        ann = Browser.start();
        bob = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            for (Browser browser : new Browser[] {ann, bob}) {
                if (browser != null) {
                    browser.close();
                }
            }
        } finally {
            node.close();
        }
    }

    private static void join(Browser browser, String name, String device) {
        join(browser, name, device, ROOM);
    }

    private static void join(Browser browser, String name, String device, String roomName) {
        browser.open(node.url("/"));
        browser.type(Browser.testId("name-input"), name);
        browser.type(Browser.testId("device-input"), device);
        browser.type(Browser.testId("room-input"), roomName);
        browser.click(Browser.testId("join-button"));
        browser.await(name + " in the room", d -> roomName.equals(browser.text(Browser.testId("room-name")))
                && browser.shows(member(name)));
    }

    /** One attribute of a member's row as the page shows it now, read afresh (rows update live). */
    private static String memberAttribute(Browser browser, String user, String attribute) {
        return browser.attribute(member(user), attribute);
    }

    /** The text of a member's row cell (by test id) as the page shows it now. */
    private static String memberCell(Browser browser, String user, String cell) {
        Object value = browser.script("const row = document.querySelector(arguments[0]);"
                + " const c = row && row.querySelector(\"[data-testid='\" + arguments[1] + \"']\");"
                + " return c ? c.textContent : null;", member(user), cell);
        return value == null ? null : value.toString();
    }

    /** From now on the page counts the status frames it sends, in {@code window.statusFramesSent}. */
    private static void countStatusFrames(Browser browser) {
        browser.script("window.statusFramesSent = 0; const send = WebSocket.prototype.send;"
                + " WebSocket.prototype.send = function (data) {"
                + " if (JSON.parse(data).type === 'status') window.statusFramesSent++;"
                + " return send.call(this, data); };");
    }

    private static void setStatus(Browser browser, String status, String text) {
        browser.select(Browser.testId("status-select"), status);
        browser.type(Browser.testId("status-text"), text);
        browser.click(Browser.testId("status-button"));
    }

    private static String member(String user) {
        return "[data-testid='member-row'][data-user='" + user + "']";
    }

    @Test
    void twoPeopleSeeEachOthersPresenceMessagesAndStatus() {
        try {
            join(ann, "ann-demo", "laptop");
            join(bob, "bob-demo", "phone");
            ann.await("bob in ann's list", d -> ann.shows(member("bob-demo")));
            assertThat(bob.count(member("ann-demo"))).isEqualTo(1);
            ann.await("two members", d -> "2".equals(ann.text(Browser.testId("member-count"))));

            bob.type(Browser.testId("chat-input"), "hello from bob");
            bob.click(Browser.testId("chat-send"));
            String bobsMessage = "[data-testid='message-row'][data-from='bob-demo']";
            ann.await("bob's message at ann", d -> ann.texts(bobsMessage).stream()
                    .anyMatch(m -> m.contains("hello from bob")));
            bob.await("bob's own message", d -> bob.shows(bobsMessage));

            bob.select(Browser.testId("status-select"), "busy");
            bob.click(Browser.testId("status-button"));
            ann.await("bob busy at ann", d -> "busy".equals(ann.attribute(member("bob-demo"), "data-state")));
            bob.await("bob busy at bob", d -> "busy".equals(bob.attribute(member("bob-demo"), "data-state")));
            ann.screenshot("demo-ann-sees-bob");
            bob.screenshot("demo-bob-sees-ann");

            bob.click(Browser.testId("leave-button"));
            ann.await("bob gone from ann's list", d -> !ann.shows(member("bob-demo")));
            ann.await("one member", d -> "1".equals(ann.text(Browser.testId("member-count"))));
        } finally {
            ann.screenshot("demo-ann-after-bob-left");
            bob.screenshot("demo-bob-after-leaving");
        }
    }

    @Test
    void eachMemberShowsItsDeviceCountAndStatusTextLiveAndAStatusIsSentOnce() {
        String room = "demo-devices";
        try {
            join(ann, "ann-count", "laptop", room);
            join(bob, "bob-count", "laptop", room);
            ann.await("bob on one device at ann", d -> "1".equals(memberAttribute(ann, "bob-count", "data-sessions"))
                    && String.valueOf(memberCell(ann, "bob-count", "member-detail")).startsWith("1 device"));

            // a second device of bob's, in no room: bob's room still hears his count
            HttpClient http = HttpClient.newHttpClient();
            try (WsClient bobPhone = WsClient.connect(http, node.port(), "bob-count", "phone")) {
                ann.await("bob on two devices at ann", d -> "2".equals(memberAttribute(ann, "bob-count",
                        "data-sessions")) && String.valueOf(memberCell(ann, "bob-count", "member-detail"))
                        .startsWith("2 devices"));
                bob.await("bob's own row counts his phone", d -> "2".equals(memberAttribute(bob, "bob-count",
                        "data-sessions")));
            }
            ann.await("bob back to one device at ann", d -> "1".equals(memberAttribute(ann, "bob-count",
                    "data-sessions")) && String.valueOf(memberCell(ann, "bob-count", "member-detail"))
                    .startsWith("1 device"));

            countStatusFrames(bob);
            setStatus(bob, "away", "lunch");
            ann.await("bob away with his text at ann", d -> "away".equals(memberAttribute(ann, "bob-count",
                    "data-state")) && "lunch".equals(memberCell(ann, "bob-count", "member-text")));
            bob.await("bob's note", d -> String.valueOf(bob.text(Browser.testId("status-note"))).contains("lunch"));
            assertThat(((Number) bob.script("return window.statusFramesSent;")).intValue())
                    .as("one status frame for one change").isEqualTo(1);
            assertThat(memberCell(bob, "bob-count", "member-text")).isEqualTo("lunch");

            // the protocol allows 256 characters of status text: the page lets all of them through, and no more
            String longest = "x".repeat(250) + "123456";
            setStatus(bob, "busy", longest + "-cut");
            ann.await("bob's 256-character text at ann", d -> longest.equals(memberAttribute(ann, "bob-count",
                    "data-text")));
            assertThat(bob.script("return document.querySelector(arguments[0]).value;", Browser.testId("status-text")))
                    .isEqualTo(longest);

            // a member who joins later sees the text set before it came
            setStatus(ann, "busy", "on a call");
            bob.await("ann's text at bob", d -> "on a call".equals(memberCell(bob, "ann-count", "member-text")));
            join(bob, "bob-late", "tablet", room);
            bob.await("ann's text at a later joiner", d -> "on a call".equals(memberCell(bob, "ann-count",
                    "member-text")) && "busy".equals(memberAttribute(bob, "ann-count", "data-state")));
        } finally {
            ann.screenshot("demo-devices-ann");
            bob.screenshot("demo-devices-bob");
        }
    }
}
