package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.testsupport.ws.WsClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scrape of {@code /metrics} renders what the meters hold: the online count it shows comes from the node's
 * background refresh, and no scrape, however many, asks the store for it.
 */
class MetricsScrapeTest {
    private static final String METRICS_TOKEN = "test-metrics-token";

    /** The threads {@code onlineCount} was called on. */
    private final List<String> countCallers = new CopyOnWriteArrayList<>();
    private final TestNode node = TestNode.withQueries(this::counting, METRICS_TOKEN);

    @AfterEach
    void stop() {
        node.close();
    }

    private QueryPresenceUseCase counting(QueryPresenceUseCase real) {
        return (QueryPresenceUseCase) Proxy.newProxyInstance(QueryPresenceUseCase.class.getClassLoader(),
                new Class<?>[] {QueryPresenceUseCase.class}, (proxy, method, args) -> {
                    if (method.getName().equals("onlineCount")) {
                        countCallers.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void scrapes_never_ask_the_store_for_the_online_count() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> !countCallers.isEmpty());
        int before = countCallers.size();

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> scrape = node.get("/metrics", METRICS_TOKEN);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("roster_users_online");
        }

        // the background refresh may run meanwhile, on the node's timer thread; nothing else may ask
        assertThat(countCallers).allSatisfy(thread -> assertThat(thread).isEqualTo("roster-ws-timers"));
        assertThat(countCallers.size() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void the_gauge_follows_the_store_through_the_background_refresh() throws Exception {
        try (WsClient ann = WsClient.connect(node.ws("user=ann"))) {
            ann.next();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(node.get("/metrics", METRICS_TOKEN).body()).contains("roster_users_online 1.0"));
        }
    }
}
