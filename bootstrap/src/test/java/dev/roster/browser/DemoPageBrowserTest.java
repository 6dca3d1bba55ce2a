package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

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
        browser.byTestId("name-input").sendKeys(name);
        browser.byTestId("device-input").sendKeys(device);
        WebElement room = browser.byTestId("room-input");
        room.clear();
        room.sendKeys(ROOM);
        browser.byTestId("join-button").click();
        browser.await(name + " in the room", d -> browser.byTestId("room-name").getText().equals(ROOM)
                && !d.findElements(member(name)).isEmpty());
    }

    private static By member(String user) {
        return By.cssSelector("[data-testid='member-row'][data-user='" + user + "']");
    }

    @Test
    void twoPeopleSeeEachOthersPresenceMessagesAndStatus() {
        try {
            join(ann, "ann-demo", "laptop");
            join(bob, "bob-demo", "phone");
            ann.await("bob in ann's list", d -> !d.findElements(member("bob-demo")).isEmpty());
            assertThat(bob.driver().findElements(member("ann-demo"))).hasSize(1);
            ann.await("two members", d -> ann.byTestId("member-count").getText().equals("2"));

            WebElement chat = bob.byTestId("chat-input");
            chat.sendKeys("hello from bob");
            bob.byTestId("chat-send").click();
            By bobsMessage = By.cssSelector("[data-testid='message-row'][data-from='bob-demo']");
            ann.await("bob's message at ann", d -> d.findElements(bobsMessage).stream()
                    .anyMatch(m -> m.getText().contains("hello from bob")));
            bob.await("bob's own message", d -> !d.findElements(bobsMessage).isEmpty());

            new Select(bob.byTestId("status-select")).selectByValue("busy");
            ann.await("bob busy at ann", d -> "busy".equals(
                    d.findElement(member("bob-demo")).getAttribute("data-state")));
            bob.await("bob busy at bob", d -> "busy".equals(
                    d.findElement(member("bob-demo")).getAttribute("data-state")));
            ann.screenshot("demo-ann-sees-bob");
            bob.screenshot("demo-bob-sees-ann");

            bob.byTestId("leave-button").click();
            ann.await("bob gone from ann's list", d -> d.findElements(member("bob-demo")).isEmpty());
            assertThat(ann.byTestId("member-count").getText()).isEqualTo("1");
        } finally {
            ann.screenshot("demo-ann-after-bob-left");
            bob.screenshot("demo-bob-after-leaving");
        }
    }
}
