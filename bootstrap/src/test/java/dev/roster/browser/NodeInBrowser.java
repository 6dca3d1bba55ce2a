package dev.roster.browser;

import dev.roster.system.TestNode;
import java.net.http.HttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node ({@link WebNode}) for every test of a class, with the operator's HTTP client on it and, unless asked for
 * without, a headless browser with the dashboard: started before the first test, closed after the last. Register
 * it as a static extension.
 */
final class NodeInBrowser implements BeforeAllCallback, AfterAllCallback {
    private final String nodeId;
    private final boolean withBrowser;
    private final HttpClient http = HttpClient.newHttpClient();
    private TestNode node;
    private AdminHttp admin;
    private Browser browser;
    private Dashboard dashboard;

    private NodeInBrowser(String nodeId, boolean withBrowser) {
        this.nodeId = nodeId;
        this.withBrowser = withBrowser;
    }

    /** A node named {@code nodeId} and a browser on it. */
    static NodeInBrowser of(String nodeId) {
        return new NodeInBrowser(nodeId, true);
    }

    /** A node named {@code nodeId}, reached over HTTP only. */
    static NodeInBrowser withoutBrowser(String nodeId) {
        return new NodeInBrowser(nodeId, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        node = WebNode.start(nodeId);
        admin = new AdminHttp(http, node);
        if (withBrowser) {
            browser = Browser.start();
            dashboard = new Dashboard(browser, node);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            node.close();
        }
    }

    HttpClient http() {
        return http;
    }

    TestNode node() {
        return node;
    }

    AdminHttp admin() {
        return admin;
    }

    Browser browser() {
        return browser;
    }

    Dashboard dashboard() {
        return dashboard;
    }
}
