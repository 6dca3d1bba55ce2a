package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.support.FakeDelivery;
import dev.roster.adapters.javalin.support.FakeEventLog;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/events/stream} on a real server over a fake log: where a stream starts and resumes, that every
 * event comes once and in order however many there are, the 410 before a stream starts and the end of one the log
 * trimmed past, keep-alives, the bound on streams, and a client that does not read.
 */
class EventStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "/api/events/stream";

    private final FakeEventLog log = new FakeEventLog();
    private TestNode node;

    private TestNode node(StreamLimits limits) {
        node = TestNode.withEvents(log, new FakeDelivery(), settings -> settings.withStreams(limits));
        return node;
    }

    private TestNode node() {
        return node(StreamLimits.DEFAULTS);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        log.close();
    }

    private List<String> append(int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(log.online(prefix + i).id());
        }
        return ids;
    }

    @Test
    void a_stream_resumes_after_its_last_event_id_with_no_gap_and_no_repeat_across_many_events() {
        node();
        List<String> ids = append(2_500, "before-");
        try (RawStream stream = RawStream.open(node.server.port(), STREAM, "Last-Event-ID: " + ids.get(99))) {
            stream.awaitEvents(2_400);
            // events appended while the stream catches up and after it has, in bursts
            for (int i = 0; i < 3; i++) {
                ids.addAll(append(700, "during-" + i + "-"));
            }
            stream.awaitEvents(ids.size() - 100);
            assertThat(stream.ids()).isEqualTo(ids.subList(100, ids.size()));
            assertThat(stream.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
        }
    }

    @Test
    void without_the_header_a_stream_resumes_after_the_after_parameter_and_the_header_wins_over_it() {
        node();
        List<String> ids = append(1_500, "u-");
        try (RawStream byParameter = RawStream.open(node.server.port(), STREAM + "?after=" + ids.get(1_199));
             RawStream byHeader = RawStream.open(node.server.port(), STREAM + "?after=" + ids.get(0),
                     "Last-Event-ID: " + ids.get(1_399))) {
            byParameter.awaitEvents(300);
            byHeader.awaitEvents(100);
            ids.addAll(append(50, "later-"));
            byParameter.awaitEvents(350);
            byHeader.awaitEvents(150);
            assertThat(byParameter.ids()).isEqualTo(ids.subList(1_200, ids.size()));
            assertThat(byHeader.ids()).isEqualTo(ids.subList(1_400, ids.size()));
        }
    }

    @Test
    void each_event_is_its_id_its_type_and_its_json_after_the_retry_delay() throws Exception {
        node();
        String first = log.online("ann").id();
        LoggedEvent bob = log.online("bob");
        try (RawStream stream = RawStream.open(node.server.port(), STREAM + "?after=" + first)) {
            stream.awaitEvents(1);
            String body = stream.body();
            assertThat(body).startsWith("retry: 1000\n\n");
            String event = body.substring(body.indexOf("id: "));
            assertThat(event).startsWith("id: " + bob.id() + "\nevent: user.online\ndata: {");
            JsonNode data = JSON.readTree(event.substring(event.indexOf("data: ") + 6, event.indexOf("\n\n")));
            assertThat(data.path("id").asText()).isEqualTo(bob.id());
            assertThat(data.path("user").asText()).isEqualTo("bob");
            assertThat(data.path("state").asText()).isEqualTo("online");
        }
    }

    @Test
    void a_bare_connect_starts_from_now_without_history() {
        node();
        append(20, "old-");
        try (RawStream stream = RawStream.open(node.server.port(), STREAM)) {
            stream.await("retry: 1000");
            List<String> fresh = append(3, "fresh-");
            stream.awaitEvents(3);
            assertThat(stream.ids()).isEqualTo(fresh);
            assertThat(stream.body()).doesNotContain("old-");
        }
    }

    @Test
    void a_bare_connect_to_an_empty_log_gets_every_event_appended_after() {
        node();
        try (RawStream stream = RawStream.open(node.server.port(), STREAM)) {
            stream.await("retry: 1000");
            List<String> ids = append(5, "first-");
            stream.awaitEvents(5);
            assertThat(stream.ids()).isEqualTo(ids);
        }
    }

    @Test
    void resuming_after_an_id_the_log_no_longer_keeps_is_410_json_before_any_stream() throws Exception {
        node();
        List<String> ids = append(10, "u-");
        log.trim(5);
        try (RawStream stream = RawStream.open(node.server.port(), STREAM, "Last-Event-ID: " + ids.get(1))) {
            stream.await("}");
            assertThat(stream.head()).startsWith("HTTP/1.1 410").containsIgnoringCase("application/json")
                    .doesNotContainIgnoringCase("text/event-stream");
            JsonNode gone = JSON.readTree(stream.body().substring(stream.body().indexOf('{')));
            assertThat(gone.path("error").asText()).isEqualTo("gone");
            assertThat(gone.path("oldest").asText()).isEqualTo(ids.get(5));
        }
        assertThat(node.get(STREAM + "?after=nonsense", TestNode.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        Awaitility.await().atMost(RawStream.WAIT).until(() -> streams() == 0);
    }

    @Test
    void a_stream_the_log_trimmed_past_is_ended_and_its_reconnect_is_told_410() {
        node();
        String start = log.online("ann").id();
        try (RawStream stream = RawStream.open(node.server.port(), STREAM + "?after=" + start)) {
            stream.await("retry: 1000");
            Awaitility.await().atMost(RawStream.WAIT).until(() -> log.listeners() == 1);
            // the stream cannot read while events come and the log trims past it
            log.failReads(new StoreUnavailableException("the store is away"));
            append(50, "missed-");
            log.trim(10);
            log.failReads(null);
            stream.awaitEnd();
            assertThat(stream.body()).doesNotContain("missed-");
        }
        Awaitility.await().atMost(RawStream.WAIT).until(() -> streams() == 0 && log.listeners() == 0);
        try (RawStream again = RawStream.open(node.server.port(), STREAM, "Last-Event-ID: " + start)) {
            again.await("}");
            assertThat(again.head()).startsWith("HTTP/1.1 410");
        }
    }

    @Test
    void a_read_that_fails_is_tried_again_and_the_stream_goes_on_from_where_it_was() {
        node(new StreamLimits(8, StreamLimits.DEFAULT_MAX_QUEUED_BYTES, Duration.ofMillis(100)));
        List<String> ids = append(5, "u-");
        try (RawStream stream = RawStream.open(node.server.port(), STREAM + "?after=" + ids.get(0))) {
            stream.awaitEvents(4);
            log.failReads(new StoreUnavailableException("the store is away"));
            List<String> more = append(5, "while-down-");
            int reads = log.reads();
            Awaitility.await().atMost(RawStream.WAIT).until(() -> log.reads() > reads);
            assertThat(stream.ended()).isFalse();
            log.failReads(null);
            stream.awaitEvents(9);
            ids.addAll(more);
            assertThat(stream.ids()).isEqualTo(ids.subList(1, ids.size()));
        }
    }

    @Test
    void a_quiet_stream_is_sent_keep_alive_comments() {
        node(new StreamLimits(8, StreamLimits.DEFAULT_MAX_QUEUED_BYTES, Duration.ofMillis(100)));
        try (RawStream stream = RawStream.open(node.server.port(), STREAM)) {
            stream.await("retry: 1000\n\n: keep-alive\n\n: keep-alive\n\n");
            assertThat(stream.ended()).isFalse();
        }
    }

    @Test
    void a_node_serves_so_many_streams_and_refuses_one_more_with_429_until_one_ends() throws Exception {
        node(new StreamLimits(2, StreamLimits.DEFAULT_MAX_QUEUED_BYTES, StreamLimits.DEFAULT_KEEP_ALIVE));
        try (RawStream first = RawStream.open(node.server.port(), STREAM);
             RawStream second = RawStream.open(node.server.port(), STREAM)) {
            first.await("retry");
            second.await("retry");
            try (RawStream third = RawStream.open(node.server.port(), STREAM)) {
                third.await("}");
                assertThat(third.head()).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: 1")
                        .containsIgnoringCase("X-Content-Type-Options: nosniff");
                assertThat(JSON.readTree(third.body().substring(third.body().indexOf('{'))).path("error")
                        .path("code").asText()).isEqualTo("too_many_streams");
            }
            assertThat(streams()).isEqualTo(2);
            second.close();
            // the server sees the close at its next write; an event makes one
            Awaitility.await().atMost(RawStream.WAIT).until(() -> {
                log.online("nudge");
                return streams() == 1;
            });
            try (RawStream next = RawStream.open(node.server.port(), STREAM)) {
                next.await("retry: 1000");
                assertThat(next.head()).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void a_stream_that_does_not_read_is_closed_while_the_others_get_every_event() {
        // a stream that takes nothing for 4 keep-alives in a row is closed
        node(new StreamLimits(8, 64 * 1024, Duration.ofMillis(100)));
        String start = log.online("start").id();
        try (RawStream stalled = RawStream.openUnread(node.server.port(), STREAM + "?after=" + start);
             RawStream reader = RawStream.open(node.server.port(), STREAM + "?after=" + start)) {
            reader.await("retry: 1000");
            Awaitility.await().atMost(RawStream.WAIT).until(() -> streams() == 2);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2_000 && streams() == 2; i++) {
                ids.addAll(append(200, "a-user-with-a-rather-long-name-to-fill-buffers-" + i + "-"));
                // the reader keeps up, as a client that reads does
                reader.awaitEvents(ids.size());
            }
            assertThat(streams()).as("the stalled stream was closed").isEqualTo(1);
            ids.addAll(append(10, "after-"));
            reader.awaitEvents(ids.size());
            assertThat(reader.ids()).isEqualTo(ids);
        }
    }

    @Test
    void a_stopping_node_ends_its_streams() {
        node();
        try (RawStream stream = RawStream.open(node.server.port(), STREAM)) {
            stream.await("retry: 1000");
            node.server.stop();
            stream.awaitEnd();
            assertThat(streams()).isZero();
            assertThat(log.listeners()).isZero();
        }
    }

    @Test
    void the_stream_carries_the_headers_every_answer_carries() {
        node();
        try (RawStream stream = RawStream.open(node.server.port(), STREAM)) {
            stream.await("retry: 1000");
            assertThat(stream.head()).containsIgnoringCase("X-Content-Type-Options: nosniff")
                    .containsIgnoringCase("X-Frame-Options: DENY")
                    .containsIgnoringCase("Content-Security-Policy: default-src 'none'")
                    .containsIgnoringCase("Cache-Control: no-store");
        }
    }

    private int streams() {
        return (int) node.registry.find("roster.events.streams").gauge().value();
    }
}
