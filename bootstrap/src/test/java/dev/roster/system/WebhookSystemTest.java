package dev.roster.system;

import static dev.roster.system.Deliveries.assertDeliveredOnce;
import static dev.roster.system.Deliveries.webhook;
import static dev.roster.system.Deliveries.with;
import static dev.roster.system.EventLogSystemTest.makeEvents;
import static dev.roster.system.Frames.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.webhook.WebhookReceiver;
import dev.roster.testsupport.ws.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The event log delivered to a webhook by an embedded node: signed, each event once, retried while the receiver
 * refuses or hangs, and the events of each user in their order.
 */
class WebhookSystemTest {
    private static final Duration DELIVERED = Duration.ofSeconds(30);
    private static final String NODE = "hook-node";

    @Test
    void every_event_arrives_once_signed_and_as_the_log_has_it() {
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode node = TestNode.start(NODE, webhook(receiver))) {
            ScriptedSession.play("wh", node, NODE, node, NODE);

            assertDeliveredOnce(receiver, node.api(), DELIVERED);
            assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.answered()).isEqualTo(200));
            String newest = Events.newest(node.api());
            await().atMost(WsClient.WAIT).untilAsserted(() -> {
                JsonNode status = Deliveries.status(node.api());
                assertThat(status.path("enabled").asBoolean()).isTrue();
                assertThat(status.path("sink").asText()).isEqualTo(receiver.url());
                assertThat(status.path("holder").asText()).startsWith(NODE + " ");
                assertThat(status.path("delivered").asText()).isEqualTo(newest);
                assertThat(status.path("deadLetters").asLong()).isZero();
                assertThat(status.path("lastFailure").isNull()).isTrue();
            });
        }
    }

    @Test
    void a_receiver_that_checks_another_secret_refuses_everything_and_the_node_says_why() {
        try (WebhookReceiver receiver = WebhookReceiver.start("another-secret-0123456789abcdef-0123");
             TestNode node = TestNode.start(NODE, with(webhook(receiver), Map.of()))) {
            makeEvents(node, "ws-ann", 1);
            await().atMost(DELIVERED).until(() -> receiver.requests().size() >= 2);
            assertThat(receiver.problems()).allSatisfy(p -> assertThat(p).contains("does not verify"));
            assertThat(receiver.received()).isEmpty();
            await().atMost(WsClient.WAIT).untilAsserted(() -> {
                JsonNode status = Deliveries.status(node.api());
                assertThat(status.path("lastFailure").asText()).isEqualTo("http_4xx");
                assertThat(status.path("lastFailureAt").asLong()).isPositive();
                assertThat(status.path("delivered").isNull()).isTrue();
            });
        }
    }

    @Test
    void a_receiver_answering_500_is_tried_again_with_the_same_batch_and_then_gets_each_event_once() {
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode node = TestNode.start(NODE, webhook(receiver))) {
            receiver.answerWith(500);
            makeEvents(node, "r5-ann", 3);
            await().atMost(DELIVERED).until(() -> refused(receiver).size() >= 3);
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(Deliveries.status(node.api()).path("lastFailure").asText()).isEqualTo("http_5xx"));
            List<WebhookReceiver.Request> refused = refused(receiver);
            for (WebhookReceiver.Request r : refused) {
                assertThat(ids(r)).as("a retry sends the same batch").isEqualTo(ids(refused.get(0)));
            }
            assertThat(receiver.received()).isEmpty();

            receiver.accept();
            makeEvents(node, "r5-bob", 2);

            assertDeliveredOnce(receiver, node.api(), DELIVERED);
        }
    }

    @Test
    void a_receiver_that_hangs_past_the_timeout_is_tried_again_and_then_gets_each_event_once() {
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode node = TestNode.start(NODE, with(webhook(receiver), Map.of("ROSTER_WEBHOOK_TIMEOUT_MS", "1000")))) {
            receiver.hangFor(Duration.ofSeconds(4));
            makeEvents(node, "hg-ann", 3);
            await().atMost(DELIVERED).until(() -> receiver.requests().size() >= 2);
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(Deliveries.status(node.api()).path("lastFailure").asText()).isEqualTo("timeout"));

            receiver.accept();
            makeEvents(node, "hg-bob", 2);

            assertDeliveredOnce(receiver, node.api(), DELIVERED);
        }
    }

    @Test
    void the_events_of_each_of_many_users_arrive_in_their_order() {
        int users = 40;
        int changes = 10;
        try (WebhookReceiver receiver = WebhookReceiver.start(Deliveries.SECRET);
             TestNode node = TestNode.start(NODE, with(webhook(receiver), Map.of("ROSTER_WEBHOOK_BATCH", "7")))) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String user = String.format("ord-%02d", u);
                all.add(CompletableFuture.runAsync(() -> {
                    try (WsClient client = node.client(user).connect()) {
                        for (int i = 0; i < changes; i++) {
                            client.send(status(i % 2 == 0 ? "away" : "busy", "n" + i).put("id", i)).reply("ok", i);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            threads.shutdown();
            await().atMost(WsClient.WAIT).untilAsserted(() ->
                    assertThat(node.api().json("/api/online/count").path("count").asLong()).isZero());

            assertDeliveredOnce(receiver, node.api(), DELIVERED);
            Map<String, List<String>> texts = new HashMap<>();
            receiver.received().stream().filter(r -> r.type().equals("user.status"))
                    .forEach(r -> texts.computeIfAbsent(r.user(), k -> new ArrayList<>())
                            .add(r.event().path("text").asText()));
            assertThat(texts).hasSize(users);
            List<String> inOrder = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                inOrder.add("n" + i);
            }
            texts.forEach((user, got) -> assertThat(got).as(user).isEqualTo(inOrder));
            assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.events().size()).isBetween(1, 7));
        }
    }

    static List<WebhookReceiver.Request> refused(WebhookReceiver receiver) {
        return receiver.requests().stream().filter(r -> r.answered() >= 300).toList();
    }

    static List<String> ids(WebhookReceiver.Request request) {
        return request.events().stream().map(e -> e.path("id").asText()).toList();
    }
}
