package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.webhook.WebhookReceiver;
import dev.roster.testsupport.ws.WsClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node delivering the event log to a slow webhook is killed ({@code kill -9}) while a batch is on its way. The
 * other node takes the delivery over once the lease lapses, and the receiver ends with every event of the log, none
 * missing; the only events it gets twice are those of the batch in flight at the kill (the dead node could not
 * record that the receiver had them), so at most one batch.
 */
class WebhookCrashIT {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    private static final String SECRET = "crash-secret-0123456789abcdef-0123456789";
    private static final int BATCH = 10;
    /** The delivery lease (10 s), the presence lease of the dead node's sessions, and the catching up. */
    private static final Duration TAKEN_OVER = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCrashIT.class);

    private static Map<String, String> env(WebhookReceiver receiver) {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_REDIS_URL", REDIS.url());
        env.put("ROSTER_LEASE_MS", "2000");
        env.put("ROSTER_GRACE_MS", "300");
        env.put("ROSTER_WEBHOOK_URL", receiver.url());
        env.put("ROSTER_WEBHOOK_SECRET", SECRET);
        env.put("ROSTER_WEBHOOK_BATCH", Integer.toString(BATCH));
        env.put("ROSTER_WEBHOOK_RETRY_MS", "100");
        env.put("ROSTER_WEBHOOK_RETRY_MAX_MS", "1000");
        env.put("ROSTER_WEBHOOK_MAX_TRIES", "1000");
        return env;
    }

    @Test
    void killingTheDeliveringNodeMidBatchLosesNothingAndRepeatsAtMostThatBatch() throws Exception {
        REDIS.flush();
        try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
            // every request held a while: a batch is on its way most of the time
            receiver.holdEachFor(Duration.ofMillis(300));
            try (JarNode a = JarNode.start("crash-a", env(receiver)); JarNode b = JarNode.start("crash-b", env(receiver))) {
                // users that are still online on the node about to die: its sessions are reaped by the other
                List<WsClient> stay = new ArrayList<>();
                stay.add(WsClient.connect(HTTP, a.port(), "stays-on-a"));
                stay.add(WsClient.connect(HTTP, b.port(), "stays-on-b"));
                // users come and go on both nodes faster than the slow receiver takes their events, so that a
                // batch is on its way whenever the kill comes
                AtomicBoolean churning = new AtomicBoolean(true);
                Thread churn = new Thread(() -> {
                    for (int i = 0; churning.get(); i++) {
                        churn(i % 2 == 0 ? a : b, "early-" + i);
                    }
                }, "churn");
                churn.start();
                try {
                    await().atMost(WAIT).until(() -> receiver.requests().size() >= 3 && holder(a) != null);
                } finally {
                    churning.set(false);
                    churn.join();
                }
                await().atMost(WAIT).until(() -> receiver.inFlight() > 0);
                JarNode killed = holder(a).startsWith("crash-a ") ? a : b;
                JarNode survivor = killed == a ? b : a;
                killed.kill();
                stay.forEach(WsClient::abort);
                // no request of the dead node can arrive any more: the last one to arrive was the batch in flight
                List<WebhookReceiver.Request> sent = receiver.requests();
                Set<String> inFlight = new HashSet<>();
                sent.get(sent.size() - 1).events().forEach(e -> inFlight.add(e.path("id").asText()));

                for (int i = 0; i < 4; i++) {
                    churn(survivor, "late-" + i);
                }
                String name = survivor == a ? "crash-a " : "crash-b ";
                // read once: the holder can lapse between two reads of it
                await().atMost(TAKEN_OVER).until(() -> {
                    String holder = holder(survivor);
                    return holder != null && holder.startsWith(name);
                });
                await().atMost(TAKEN_OVER).until(() ->
                        JSON.readTree(survivor.json("/api/online/count")).path("count").asLong() == 0);
                await().atMost(TAKEN_OVER).until(() -> receiver.receivedIds().containsAll(ids(log(survivor))));

                List<JsonNode> log = log(survivor);
                Map<String, JsonNode> byId = new HashMap<>();
                log.forEach(e -> byId.put(e.path("id").asText(), e));
                assertThat(receiver.problems()).isEmpty();
                for (WebhookReceiver.Received r : receiver.received()) {
                    assertThat(r.event()).as("as the log has it").isEqualTo(byId.get(r.id()));
                }
                assertThat(new HashSet<>(receiver.receivedIds())).isEqualTo(byId.keySet());
                Map<String, Integer> doubles = receiver.doubles();
                for (WebhookReceiver.Request r : receiver.requests()) {
                    LOG.info("request {}{}: answered {}, {} events {}..{}", r.number(),
                            r.number() == sent.size() ? " (in flight at the kill)" : "", r.answered(),
                            r.events().size(), r.events().get(0).path("id").asText(),
                            r.events().get(r.events().size() - 1).path("id").asText());
                }
                LOG.info("kill -9 of {} mid-batch: {} events, {} of them delivered twice, {} in flight",
                        killed == a ? "crash-a" : "crash-b", log.size(), doubles.size(), inFlight.size());
                assertThat(doubles.keySet()).as("only the batch in flight at the kill comes twice")
                        .isSubsetOf(inFlight);
                assertThat(doubles.size()).isLessThanOrEqualTo(BATCH);
                assertThat(doubles.values()).allSatisfy(times -> assertThat(times).isEqualTo(2));
                assertThat(log.stream().filter(e -> e.path("user").asText().equals("stays-on-a")
                        || e.path("user").asText().equals("stays-on-b"))
                        .filter(e -> e.path("type").asText().equals("user.offline"))).hasSize(2);
            }
        }
    }

    /** {@code GET /api/webhooks}'s holder, null when nobody holds the lease. */
    private static String holder(JarNode node) throws IOException {
        JsonNode holder = JSON.readTree(node.json("/api/webhooks")).path("holder");
        return holder.isTextual() ? holder.asText() : null;
    }

    /** The whole log, page by page. */
    private static List<JsonNode> log(JarNode node) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = JSON.readTree(node.json("/api/events?limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))));
            if (page.path("events").isEmpty()) {
                return events;
            }
            page.path("events").forEach(events::add);
            after = page.path("next").asText();
        }
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    /** A user comes and goes on {@code node}. */
    private static void churn(JarNode node, String user) {
        try (WsClient client = WsClient.connect(HTTP, node.port(), user)) {
            client.send("{\"type\":\"join\",\"room\":\"crash-room\",\"id\":1}").reply("joined", 1);
            client.send("{\"type\":\"status\",\"status\":\"busy\",\"text\":\"" + user + "\",\"id\":2}").reply("ok", 2);
            client.send("{\"type\":\"leave\",\"room\":\"crash-room\",\"id\":3}").reply("left", 3);
        }
    }
}
