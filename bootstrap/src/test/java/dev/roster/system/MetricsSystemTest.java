package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testsupport.junit.PerClass;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} on real nodes: behind {@code ROSTER_METRICS_TOKEN} when it is set, open when it is not, and on
 * Redis a scrape sends no command: the online count it shows is refreshed in the background.
 */
class MetricsSystemTest {
    private static final String METRICS_TOKEN = "test-metrics-token";
    /** What one scrape cost when it counted the online users itself: one ZCARD per bucket. */
    private static final int OLD_SCRAPE_COMMANDS = 64;
    private static final Pattern ZCARD_CALLS = Pattern.compile("cmdstat_zcard:calls=(\\d+)");

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    @RegisterExtension
    static final PerClass<TestNode> GUARDED = PerClass.of(() -> TestNode.start("metrics-guarded",
            Map.of("ROSTER_METRICS_TOKEN", METRICS_TOKEN)));
    @RegisterExtension
    static final PerClass<TestNode> OPEN = PerClass.of(() -> TestNode.start("metrics-open", Map.of()));

    @Test
    void with_a_token_set_only_its_bearer_gets_the_metrics() {
        TestNode node = GUARDED.get();
        Api.Answer apiRefusal = node.api(null).get("/api/nodes");
        assertThat(apiRefusal.status()).isEqualTo(401);

        for (Api.Answer refused : new Api.Answer[] {
                node.api(null).get("/metrics"),
                node.api("not-the-token").get("/metrics"),
                node.api(TestNode.ADMIN_TOKEN).get("/metrics"),
                node.api(METRICS_TOKEN + "x").get("/metrics"),
                node.api(null).get("/metrics?token=" + METRICS_TOKEN),
                node.api(null).get("/metrics?access_token=" + METRICS_TOKEN),
                node.api(null).get("/metrics?authorization=Bearer%20" + METRICS_TOKEN)}) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/json");
            assertThat(refused.json().path("error").path("code").asText())
                    .isEqualTo(apiRefusal.json().path("error").path("code").asText())
                    .isEqualTo("unauthorized");
            assertThat(refused.body()).doesNotContain("# TYPE", "roster_", "jvm_");
        }

        assertThat(head(node, null)).isEqualTo(401);
        assertThat(head(node, "Bearer not-the-token")).isEqualTo(401);
        assertThat(head(node, "Bearer " + METRICS_TOKEN)).isEqualTo(200);

        Api.Answer allowed = node.api(METRICS_TOKEN).get("/metrics");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.contentType()).startsWith("text/plain");
        assertThat(allowed.body()).contains("# TYPE", "roster_users_online");
    }

    @Test
    void without_a_token_set_metrics_stay_open() {
        Api.Answer open = OPEN.get().api(null).get("/metrics");
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).contains("# TYPE", "roster_users_online");
    }

    @Test
    void on_redis_two_hundred_scrapes_cost_less_than_one_scrape_used_to() {
        try (TestNode node = TestNode.start("metrics-redis",
                Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev",
                        "ROSTER_METRICS_TOKEN", METRICS_TOKEN))) {
            // the node's own refresh counts too: wait for its first round, then measure windows of scrapes; a
            // window shorter than the refresh period holds at most one round, so the least of three holds none
            await().atMost(Duration.ofSeconds(10)).until(() -> zcardCalls() >= OLD_SCRAPE_COMMANDS);
            long least = Long.MAX_VALUE;
            for (int window = 0; window < 3; window++) {
                long before = zcardCalls();
                for (int i = 0; i < 200; i++) {
                    assertThat(node.api(METRICS_TOKEN).get("/metrics").status()).isEqualTo(200);
                }
                least = Math.min(least, zcardCalls() - before);
            }
            assertThat(least).isLessThan(OLD_SCRAPE_COMMANDS);
        }
    }

    private static long zcardCalls() {
        AtomicLong calls = new AtomicLong();
        REDIS.withCommands(commands -> {
            Matcher matcher = ZCARD_CALLS.matcher(commands.info("commandstats"));
            calls.set(matcher.find() ? Long.parseLong(matcher.group(1)) : 0);
        });
        return calls.get();
    }

    /** The status a HEAD of /metrics gets, with {@code authorization} as its header when not null. */
    private static int head(TestNode node, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url("/metrics")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
