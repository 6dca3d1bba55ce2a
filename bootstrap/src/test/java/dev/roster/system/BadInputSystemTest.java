package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated bad frames, mixed with valid ones, over several connections at once. Each bad frame must
 * get the right {@code error} (with {@code re} when it had an id), no connection may close, and the state the API
 * reports at the end must be exactly what the valid frames alone made.
 */
class BadInputSystemTest {
    private static final int FRAMES_PER_CONNECTION = 1_000;

    @Test
    void malformed_frames_get_the_right_error_keep_the_connection_and_change_nothing() throws Exception {
        // each client sends as fast as its answers come, far above the default frame rate: this test is about what
        // the answers say, so the rate limit is raised out of its way (LimitsSystemTest attacks the limit itself)
        try (TestNode node = TestNode.start(Map.of("ROSTER_FRAMES_PER_S", "100000"))) {
            List<FrameMix> mixes = List.of(
                    new FrameMix(node.client("fz-ann").device("tab-a").connect(), "fz-ann", true, 11),
                    new FrameMix(node.client("fz-ann").device("tab-b").connect(), "fz-ann", false, 12),
                    new FrameMix(node.client("fz-bob").connect(), "fz-bob", true, 13),
                    new FrameMix(node.client("fz-cat").connect(), "fz-cat", true, 14));

            runTogether(mixes);

            int refused = mixes.stream().mapToInt(FrameMix::refused).sum();
            assertThat(refused).as("bad frames sent").isGreaterThan(2_000);
            for (FrameMix mix : mixes) {
                assertThat(mix.client().isOpen()).isTrue();
                mix.client().send(Frames.ping().put("id", -1)).reply("pong", -1);
            }
            assertStateIsWhatTheValidFramesMade(node, mixes);
            mixes.forEach(mix -> mix.client().close());
        }
    }

    private static void runTogether(List<FrameMix> mixes) throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(mixes.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (FrameMix mix : mixes) {
                running.add(pool.submit(() -> mix.run(FRAMES_PER_CONNECTION)));
            }
            for (Future<?> future : running) {
                try {
                    future.get(2, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failure) {
                        throw failure;
                    }
                    throw e;
                } catch (TimeoutException e) {
                    throw new AssertionError("a connection did not get through its frames in time", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertStateIsWhatTheValidFramesMade(TestNode node, List<FrameMix> mixes) {
        Map<String, Set<String>> roomsOf = new HashMap<>();
        Map<String, Integer> sessionsOf = new HashMap<>();
        Map<String, String> statusOf = new HashMap<>();
        for (FrameMix mix : mixes) {
            roomsOf.computeIfAbsent(mix.user(), u -> new TreeSet<>()).addAll(mix.joined());
            sessionsOf.merge(mix.user(), 1, Integer::sum);
            if (mix.setsStatus()) {
                statusOf.put(mix.user(), mix.status());
            }
        }
        for (String user : roomsOf.keySet()) {
            JsonNode view = node.api().user(user);
            assertThat(view.path("state").asText()).as("state of %s", user).isEqualTo(statusOf.get(user));
            assertThat(view.path("status").asText()).as("status of %s", user).isEqualTo(statusOf.get(user));
            assertThat(view.path("sessions").asInt()).as("sessions of %s", user).isEqualTo(sessionsOf.get(user));
            assertThat(texts(view.path("rooms"))).as("rooms of %s", user).isEqualTo(roomsOf.get(user));
        }
        for (String room : FrameMix.ROOMS) {
            Set<String> expected = new TreeSet<>();
            roomsOf.forEach((user, rooms) -> {
                if (rooms.contains(room)) {
                    expected.add(user);
                }
            });
            JsonNode members = node.api().room(room).path("members");
            Set<String> actual = new TreeSet<>();
            members.forEach(m -> {
                actual.add(m.path("user").asText());
                assertThat(m.path("state").asText()).isEqualTo(statusOf.get(m.path("user").asText()));
            });
            assertThat(actual).as("members of %s", room).isEqualTo(expected);
        }
        assertThat(node.api().json("/api/online/count").path("count").asLong()).isEqualTo(roomsOf.size());
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
