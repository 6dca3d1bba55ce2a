package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testsupport.webhook.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a test expects of the webhook deliveries of a node or a cluster, held against its event log. */
final class Deliveries {
    static final String SECRET = "whsec-0123456789abcdef0123456789abcdef";

    private Deliveries() {
    }

    /** The variables that deliver the log to {@code receiver}, with quick retries that give up only very late. */
    static Map<String, String> webhook(WebhookReceiver receiver) {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_WEBHOOK_URL", receiver.url());
        env.put("ROSTER_WEBHOOK_SECRET", SECRET);
        env.put("ROSTER_WEBHOOK_RETRY_MS", "50");
        env.put("ROSTER_WEBHOOK_RETRY_MAX_MS", "500");
        env.put("ROSTER_WEBHOOK_MAX_TRIES", "1000");
        // the default: a receiver that answers late on a loaded machine is not taken for one that hangs (the
        // node would try again, and the receiver would count a double that is no fault of the node)
        env.put("ROSTER_WEBHOOK_TIMEOUT_MS", "5000");
        return env;
    }

    /** {@code base} with {@code more} over it. */
    static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(more);
        return env;
    }

    /** Waits until every event of the log has been acknowledged by the receiver. */
    static void awaitAll(WebhookReceiver receiver, Api api, Duration within) {
        await().atMost(within).untilAsserted(() ->
                assertThat(new HashSet<>(receiver.receivedIds())).containsAll(Events.ids(Events.all(api))));
    }

    /**
     * Holds what the receiver acknowledged against the log: every event of the log arrived once (no double by id,
     * none missing), nothing arrived that the log does not hold, each as the log has it field by field, the events
     * of each user in their order, and every request was signed right.
     */
    static void assertDeliveredOnce(WebhookReceiver receiver, Api api, Duration within) {
        awaitAll(receiver, api, within);
        List<WebhookReceiver.Received> received = receiver.received();
        List<JsonNode> log = Events.all(api);
        assertThat(receiver.problems()).as("requests that failed the receiver's checks").isEmpty();
        assertThat(receiver.doubles()).as("events acknowledged more than once").isEmpty();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        log.forEach(e -> byId.put(e.path("id").asText(), e));
        Set<String> arrived = new HashSet<>();
        for (WebhookReceiver.Received r : received) {
            assertThat(byId).as("an event the log does not hold arrived: %s", r.event()).containsKey(r.id());
            assertThat(r.event()).isEqualTo(byId.get(r.id()));
            arrived.add(r.id());
        }
        assertThat(arrived).containsAll(byId.keySet());
        assertUsersInOrder(received, log);
    }

    /** The events of each user arrived in the log's order (doubles, if any, counted at their first arrival). */
    static void assertUsersInOrder(List<WebhookReceiver.Received> received, List<JsonNode> log) {
        Map<String, List<String>> logged = new HashMap<>();
        log.forEach(e -> logged.computeIfAbsent(e.path("user").asText(), u -> new ArrayList<>())
                .add(e.path("id").asText()));
        Map<String, List<String>> arrived = new HashMap<>();
        Set<String> first = new HashSet<>();
        for (WebhookReceiver.Received r : received) {
            if (first.add(r.id())) {
                arrived.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r.id());
            }
        }
        arrived.forEach((user, ids) -> {
            List<String> inLog = logged.getOrDefault(user, List.of());
            assertThat(ids).as("events of %s in arrival order", user)
                    .containsExactlyElementsOf(inLog.subList(0, Math.min(ids.size(), inLog.size())));
        });
    }

    /** {@code GET /api/webhooks}, which must answer 200. */
    static JsonNode status(Api api) {
        return api.json("/api/webhooks");
    }
}
