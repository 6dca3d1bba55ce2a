package dev.roster.system;

import static dev.roster.system.Deliveries.assertDeliveredOnce;
import static dev.roster.system.Deliveries.webhook;
import static dev.roster.system.Deliveries.with;
import static dev.roster.system.Frames.join;
import static dev.roster.system.Frames.leave;
import static dev.roster.system.Frames.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.redis.TestRedis;
import dev.roster.testsupport.webhook.WebhookReceiver;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log delivered to one webhook by several nodes on one Redis: each event once across the nodes (one
 * holds the delivery lease), nothing lost while the receiver is down for a minute, and a batch the receiver keeps
 * refusing parked where operators see it while delivery goes on.
 */
class WebhookClusterSystemTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();
    private static final Duration DELIVERED = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookClusterSystemTest.class);

    private static Map<String, String> env(WebhookReceiver receiver, Map<String, String> more) {
        return with(with(webhook(receiver), Map.of("ROSTER_REDIS_URL", REDIS.url(), "ROSTER_AUTH", "dev")), more);
    }

    @Test
    void two_then_three_nodes_deliver_each_event_exactly_once() {
        REDIS.flush();
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode a = TestNode.start("wc-a", env(receiver, Map.of("ROSTER_WEBHOOK_BATCH", "5")));
             TestNode b = TestNode.start("wc-b", env(receiver, Map.of("ROSTER_WEBHOOK_BATCH", "5")))) {
            churnAtOnce(List.of(a, b), "two", 10);
            try (TestNode c = TestNode.start("wc-c", env(receiver, Map.of("ROSTER_WEBHOOK_BATCH", "5")))) {
                churnAtOnce(List.of(a, b, c), "three", 10);
                awaitAllOffline(c);
                assertDeliveredOnce(receiver, c.api(), DELIVERED);
                assertThat(Events.ofUsers(Events.all(b.api()), "three")).hasSizeGreaterThanOrEqualTo(3 * 10 * 7);
                String holder = Deliveries.status(a.api()).path("holder").asText();
                assertThat(holder).matches("wc-[abc] .+");
            }
        }
    }

    /**
     * A graceful stop (SIGTERM, a rolling deploy) is not a crash: the contract's "once when it answers 2xx" holds
     * across it. Only {@code kill -9} may repeat the batch in flight ({@code WebhookCrashIT}).
     */
    @Test
    void when_the_delivering_node_stops_another_takes_over_and_nothing_arrives_twice() {
        REDIS.flush();
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode a = TestNode.start("wt-a", env(receiver, Map.of("ROSTER_WEBHOOK_BATCH", "3")));
             TestNode b = TestNode.start("wt-b", env(receiver, Map.of("ROSTER_WEBHOOK_BATCH", "3")))) {
            // slow enough that a batch is on its way when the holder stops
            receiver.holdEachFor(Duration.ofMillis(200));
            churnAtOnce(List.of(a, b), "before", 8);
            await().atMost(DELIVERED).until(() -> receiver.inFlight() > 0
                    && Deliveries.status(a.api()).path("holder").isTextual());
            String holder = Deliveries.status(a.api()).path("holder").asText();
            TestNode stopping = holder.startsWith("wt-a ") ? a : b;
            TestNode staying = stopping == a ? b : a;

            stopping.stop();

            churnAtOnce(List.of(staying), "after", 5);
            receiver.accept();
            awaitAllOffline(staying);
            assertDeliveredOnce(receiver, staying.api(), DELIVERED);
            assertThat(Deliveries.status(staying.api()).path("holder").asText())
                    .startsWith(stopping == a ? "wt-b " : "wt-a ");
        }
    }

    @Test
    void a_receiver_down_for_a_minute_while_users_come_and_go_then_gets_everything_once() throws Exception {
        REDIS.flush();
        // retries that give up only after far more than a minute, and come at most two seconds apart
        Map<String, String> more = Map.of("ROSTER_WEBHOOK_RETRY_MS", "200", "ROSTER_WEBHOOK_RETRY_MAX_MS", "2000",
                "ROSTER_WEBHOOK_MAX_TRIES", "1000");
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode a = TestNode.start("wo-a", env(receiver, more));
             TestNode b = TestNode.start("wo-b", env(receiver, more))) {
            churnAtOnce(List.of(a, b), "up", 3);
            receiver.stop();

            long until = System.nanoTime() + OUTAGE.toNanos();
            int cycles = 0;
            int done = 0;
            while (System.nanoTime() < until) {
                try {
                    churn(cycles % 2 == 0 ? a : b, String.format("down-%04d", cycles), "down-room");
                    done++;
                } catch (AssertionError e) {
                    // a node that cannot reach Redis in time (a loaded machine) refuses the handshake: the
                    // delivery, not the handshake, is what this test is about; the log tells what happened
                    LOG.warn("user {} could not come and go: {}", cycles, e.getMessage());
                }
                cycles++;
                Thread.sleep(100);
            }
            assertThat(done).as("users that came and went during the outage").isPositive();
            // the node delivering says why it could not (the failure is its own, not the other node's)
            String holder = Deliveries.status(b.api()).path("holder").asText();
            JsonNode during = Deliveries.status((holder.startsWith("wo-a ") ? a : b).api());
            assertThat(during.path("lastFailure").asText()).isEqualTo("unreachable");
            assertThat(during.path("deadLetters").asLong()).isZero();
            int requestsBefore = receiver.requests().size();

            receiver.start();

            awaitAllOffline(a);
            assertDeliveredOnce(receiver, a.api(), DELIVERED);
            assertThat(receiver.requests().size()).isGreaterThan(requestsBefore);
            assertThat(Events.ofUsers(Events.all(b.api()), "down-")).hasSizeGreaterThanOrEqualTo(done * 7);
        }
    }

    @Test
    void a_batch_refused_max_tries_times_is_parked_where_operators_see_it_and_delivery_goes_on() {
        REDIS.flush();
        Map<String, String> more = Map.of("ROSTER_WEBHOOK_MAX_TRIES", "2", "ROSTER_WEBHOOK_RETRY_MS", "50",
                "ROSTER_WEBHOOK_RETRY_MAX_MS", "50");
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode a = TestNode.start("wp-a", env(receiver, more));
             TestNode b = TestNode.start("wp-b", env(receiver, more))) {
            receiver.answerWith(500);
            try (WsClient ann = a.client("pk-ann").connect()) {
                ann.send(status("busy", "<b>parked</b> & \"quoted\"").put("id", 1)).reply("ok", 1);
            }
            // every event of the user, up to its going offline, is refused twice and parked
            Events.awaitQuiet(a.api(), WsClient.WAIT);
            List<String> refused = Events.ids(Events.ofUsers(Events.all(a.api()), "pk-ann"));
            assertThat(refused).hasSize(5);
            await().atMost(DELIVERED).untilAsserted(() -> assertThat(parkedIds(b)).containsAll(refused));
            for (TestNode node : List.of(a, b)) {
                JsonNode letters = node.api().json("/api/webhooks/dead?limit=10").path("deadLetters");
                assertThat(letters).isNotEmpty();
                JsonNode newest = letters.get(0);
                assertThat(newest.path("reason").asText()).isEqualTo("http_5xx");
                assertThat(newest.path("attempts").asInt()).isEqualTo(2);
                assertThat(newest.path("parkedAt").asLong()).isPositive();
                assertThat(Deliveries.status(node.api()).path("deadLetters").asLong()).isEqualTo(letters.size());
            }
            List<JsonNode> parked = new ArrayList<>();
            a.api().json("/api/webhooks/dead?limit=10").path("deadLetters")
                    .forEach(l -> l.path("events").forEach(parked::add));
            List<JsonNode> logged = Events.all(a.api());
            for (JsonNode event : parked) {
                assertThat(logged).contains(event);
            }
            assertThat(parked.stream().map(e -> e.path("text").asText()))
                    .contains("<b>parked</b> & \"quoted\"");
            assertThat(a.api().get("/api/webhooks/dead?limit=0").status()).isEqualTo(400);
            assertThat(a.api().get("/api/webhooks/dead?limit=1001").status()).isEqualTo(400);
            assertThat(a.api(null).get("/api/webhooks/dead").status()).isEqualTo(401);
            assertThat(a.api(null).get("/api/webhooks").status()).isEqualTo(401);

            receiver.accept();
            Set<String> parkedIds = new HashSet<>(parkedIds(a));
            try (WsClient bob = b.client("pk-bob").connect()) {
                bob.send(status("away").put("id", 1)).reply("ok", 1);
            }
            List<String> bobs = Events.ids(Events.ofUsers(Events.all(a.api()), "pk-bob"));
            await().atMost(DELIVERED).untilAsserted(() -> assertThat(receiver.receivedIds()).containsAll(bobs));
            assertThat(receiver.receivedIds()).as("parked events are not delivered later")
                    .doesNotContainAnyElementsOf(parkedIds);
            assertThat(receiver.doubles()).isEmpty();
            assertThat(receiver.problems()).isEmpty();

            // the operators' dashboard shows the dead letter too
            Dashboard dashboard = new Dashboard(b.port());
            String cookie = dashboard.signIn(TestNode.ADMIN_TOKEN);
            WebhookPanel.assertDeadLetterShown(dashboard, b.port(), cookie, refused);
        }
    }

    private static List<String> parkedIds(TestNode node) {
        List<String> ids = new ArrayList<>();
        node.api().json("/api/webhooks/dead?limit=1000").path("deadLetters")
                .forEach(l -> l.path("events").forEach(e -> ids.add(e.path("id").asText())));
        return ids;
    }

    /** On every node at once, {@code perNode} users each open a session, join, set a status, leave and close. */
    static void churnAtOnce(List<TestNode> nodes, String prefix, int perNode) {
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                TestNode node = nodes.get(n);
                String name = prefix + "-n" + n;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perNode; i++) {
                        churn(node, name + "-u" + i, prefix + "-room");
                    }
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } finally {
            threads.shutdown();
        }
    }

    /** One user comes and goes: seven events once its grace period has run out. */
    static void churn(TestNode node, String user, String room) {
        try (WsClient client = node.client(user).connect()) {
            client.send(join(room).put("id", 1)).reply("joined", 1);
            client.send(status("away", "back soon").put("id", 2)).reply("ok", 2);
            client.send(leave(room).put("id", 3)).reply("left", 3);
        }
    }

    /** Waits until every user is offline: no grace period is still to end, so the log stands still. */
    static void awaitAllOffline(TestNode node) {
        await().atMost(DELIVERED).untilAsserted(() ->
                assertThat(node.api().json("/api/online/count").path("count").asLong()).isZero());
    }
}
