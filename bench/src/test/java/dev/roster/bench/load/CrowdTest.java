package dev.roster.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.proto.Endpoints;
import dev.roster.bench.proto.Frame;
import dev.roster.bench.proto.Frames;
import dev.roster.bench.report.Latency;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrowdTest {
    private final Frames frames = new Frames(new ObjectMapper());
    private final Endpoints node = Endpoints.loopback("http://127.0.0.1:8080");
    private final Latency connect = new Latency("connect");

    @Test
    void holds_open_exactly_the_users_that_got_their_welcome() throws Exception {
        FakeClient client = new FakeClient("u-2");
        try (Crowd crowd = new Crowd(client, frames, 2, Duration.ofSeconds(5))) {
            crowd.open(4, i -> "u-" + i, i -> node, (i, name) -> frame -> { }, connect);

            assertThat(crowd.openUsers()).containsExactlyInAnyOrder("u-0", "u-1", "u-3");
            assertThat(crowd.failures()).isEqualTo(1);
            assertThat(connect.count()).isEqualTo(3);
        }
    }

    @Test
    void closing_one_on_purpose_is_not_an_unexpected_close() throws Exception {
        try (Crowd crowd = new Crowd(new FakeClient("none"), frames, 4, Duration.ofSeconds(5))) {
            List<VirtualUser> users = crowd.open(2, i -> "u-" + i, i -> node, (i, name) -> frame -> { }, connect);

            assertThat(crowd.closeOne(users.get(0))).isTrue();

            assertThat(crowd.openUsers()).containsExactly("u-1");
            assertThat(crowd.unexpectedCloses()).isZero();
        }
    }

    @Test
    void a_close_the_crowd_did_not_ask_for_is_counted() throws Exception {
        try (Crowd crowd = new Crowd(new FakeClient("none"), frames, 4, Duration.ofSeconds(5))) {
            List<VirtualUser> users = crowd.open(1, i -> "u-" + i, i -> node, (i, name) -> frame -> { }, connect);

            users.get(0).onClosed(1001, "server going away");

            assertThat(crowd.openUsers()).isEmpty();
            assertThat(crowd.unexpectedCloses()).isEqualTo(1);
        }
    }

    @Test
    void replies_reach_their_request_and_other_frames_the_handler() throws Exception {
        List<Frame> seen = new CopyOnWriteArrayList<>();
        try (Crowd crowd = new Crowd(new FakeClient("none"), frames, 4, Duration.ofSeconds(5))) {
            VirtualUser ann = crowd.open(1, i -> "ann", i -> node, (i, name) -> seen::add, connect).get(0);

            Frame joined = ann.request(frames.join("lobby", "j1"), "j1").get(5, TimeUnit.SECONDS);
            ann.onText("{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"bob\",\"state\":\"online\",\"at\":1}");
            ann.onText("garbage");

            assertThat(joined.is("joined")).isTrue();
            assertThat(seen).extracting(Frame::type).containsExactly("joined", "presence");
            assertThat(crowd.badFrames()).isEqualTo(1);
        }
    }

    @Test
    void a_connection_closed_before_its_welcome_fails_the_welcome() {
        VirtualUser early = new VirtualUser("early", frames, frame -> { }, new java.util.concurrent.atomic.AtomicLong());

        early.onClosed(1008, "policy");

        assertThat(early.welcome()).isCompletedExceptionally();
        assertThat(early.closed()).isCompletedWithValue(1008);
    }
}
