package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo page at {@code /} in two browsers, as two people in two windows: each sees the other. */
class DemoPageBrowserTest {
    private static final String ROOM = "demo-room";
    private static WebNode node;
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
        browser.open(node.url("/"));
        browser.type(Browser.testId("name-input"), name);
        browser.type(Browser.testId("device-input"), device);
        browser.type(Browser.testId("room-input"), ROOM);
        browser.click(Browser.testId("join-button"));
        browser.await(name + " in the room", d -> ROOM.equals(browser.text(Browser.testId("room-name")))
                && browser.shows(member(name)));
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
}
