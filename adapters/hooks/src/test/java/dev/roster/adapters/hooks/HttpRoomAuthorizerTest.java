package dev.roster.adapters.hooks;

import static dev.roster.adapters.hooks.HookServer.held;
import static dev.roster.adapters.hooks.HookServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.roster.domain.AuthorizationUnavailableException;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hook asked over real HTTP: what allows, what denies, what is unavailable, and what is kept. */
class HttpRoomAuthorizerTest {
    private static final UserId ANN = UserId.of("ann");
    private static final RoomId DM = RoomId.of("dm:ann:bob");
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final HookServer server = new HookServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final CountDownLatch release = new CountDownLatch(1);

    HttpRoomAuthorizerTest() throws IOException {
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private HttpRoomAuthorizer authorizer(String token, Duration cacheFor) {
        return new HttpRoomAuthorizer(new HookSettings(server.url(), token, TIMEOUT, cacheFor), meters,
                HttpClient.newHttpClient(), ticker);
    }

    private HttpRoomAuthorizer authorizer() {
        return authorizer(null, CACHE_FOR);
    }

    @Test
    void a_200_with_allow_true_allows_and_the_hook_is_told_who_and_which_room() throws Exception {
        server.answers(json(200, "{\"allow\":true,\"reason\":\"member\"}"));

        assertThat(await(authorizer().allows(ANN, DM))).isTrue();

        HookServer.Received asked = server.received().get(0);
        assertThat(asked.method()).isEqualTo("POST");
        assertThat(asked.contentType()).isEqualTo("application/json");
        assertThat(asked.authorization()).isNull();
        JsonNode body = new ObjectMapper().readTree(asked.body());
        assertThat(body.get("user").asText()).isEqualTo("ann");
        assertThat(body.get("room").asText()).isEqualTo("dm:ann:bob");
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void the_bearer_token_is_sent_when_one_is_set() throws Exception {
        await(authorizer("s3cr3t-t0ken", CACHE_FOR).allows(ANN, DM));

        assertThat(server.received()).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer s3cr3t-t0ken"));
    }

    @Test
    void a_200_with_allow_false_denies() throws Exception {
        server.answers(json(200, "{\"allow\":false}"));

        assertThat(await(authorizer().allows(ANN, DM))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 302, 401, 403, 404, 500, 503})
    void any_status_but_200_denies_even_with_allow_true(int status) throws Exception {
        server.answers(json(status, "{\"allow\":true}"));

        assertThat(await(authorizer().allows(ANN, DM))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "{\"allow\":\"true\"}", "{\"allow\":1}", "{\"allow\":null}", "[true]",
            "true", "{\"allowed\":true}", "{\"allow\":true} trailing", "{\"allow\":false,\"allow\":true}",
            "{\"allow\":tru"})
    void a_200_whose_body_is_not_exactly_allow_true_denies(String body) throws Exception {
        server.answers(json(200, body));

        assertThat(await(authorizer().allows(ANN, DM))).isFalse();
    }

    @Test
    void a_body_far_longer_than_an_answer_denies() throws Exception {
        server.answers(json(200, "{\"allow\":true,\"pad\":\"" + "x".repeat(HttpRoomAuthorizer.MAX_BODY_BYTES) + "\"}"));

        assertThat(await(authorizer().allows(ANN, DM))).isFalse();
    }

    @Test
    void no_answer_within_the_timeout_is_unavailable_and_no_answer_is_kept() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        server.answers(held(arrived, release, "{\"allow\":true}"));
        HttpRoomAuthorizer authorizer = authorizer();

        assertUnavailable(authorizer.allows(ANN, DM));

        assertThat(arrived.getCount()).isZero();
        assertThat(meters.counter("roster.authz.failures", "reason", "timeout").count()).isEqualTo(1);
        release.countDown();
        server.answers(json(200, "{\"allow\":false}"));
        assertThat(await(authorizer.allows(ANN, DM))).as("asked again, not taken from a cache").isFalse();
    }

    @Test
    void a_hook_nobody_listens_on_is_unavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpRoomAuthorizer authorizer = new HttpRoomAuthorizer(new HookSettings(
                URI.create("http://127.0.0.1:" + closedPort + "/authorize"), null, TIMEOUT, CACHE_FOR), meters,
                HttpClient.newHttpClient(), ticker);

        assertUnavailable(authorizer.allows(ANN, DM));

        assertThat(meters.counter("roster.authz.failures", "reason", "connection").count()).isEqualTo(1);
        assertThat(meters.timer("roster.authz.requests", "outcome", "unavailable").count()).isEqualTo(1);
    }

    @Test
    void an_answer_is_kept_for_the_cache_time_then_asked_again() throws Exception {
        HttpRoomAuthorizer authorizer = authorizer();
        assertThat(await(authorizer.allows(ANN, DM))).isTrue();
        server.answers(json(200, "{\"allow\":false}"));

        assertThat(await(authorizer.allows(ANN, DM))).isTrue();
        nanos.addAndGet(CACHE_FOR.toNanos() - 1);
        assertThat(await(authorizer.allows(ANN, DM))).isTrue();
        assertThat(server.received()).hasSize(1);
        assertThat(meters.counter("roster.authz.cache.hits").count()).isEqualTo(2);

        nanos.addAndGet(1);
        assertThat(await(authorizer.allows(ANN, DM))).isFalse();
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void a_denial_is_kept_too_and_each_user_and_room_has_its_own_answer() throws Exception {
        server.answers(json(200, "{\"allow\":false}"));
        HttpRoomAuthorizer authorizer = authorizer();

        assertThat(await(authorizer.allows(ANN, DM))).isFalse();
        assertThat(await(authorizer.allows(ANN, DM))).isFalse();
        await(authorizer.allows(UserId.of("bob"), DM));
        await(authorizer.allows(ANN, RoomId.of("dm:ann:cy")));

        assertThat(server.received()).hasSize(3);
    }

    @Test
    void a_cache_time_of_zero_keeps_nothing() throws Exception {
        HttpRoomAuthorizer authorizer = authorizer(null, Duration.ZERO);

        await(authorizer.allows(ANN, DM));
        await(authorizer.allows(ANN, DM));

        assertThat(server.received()).hasSize(2);
        assertThat(meters.counter("roster.authz.cache.hits").count()).isZero();
    }

    @Test
    void asks_for_the_same_user_and_room_at_once_make_one_call() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        server.answers(held(arrived, release, "{\"allow\":true}"));
        HttpRoomAuthorizer authorizer = new HttpRoomAuthorizer(new HookSettings(server.url(), null,
                Duration.ofSeconds(10), Duration.ZERO), meters, HttpClient.newHttpClient(), ticker);

        List<CompletionStage<Boolean>> asks = new ArrayList<>();
        asks.add(authorizer.allows(ANN, DM));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 9; i++) {
            asks.add(authorizer.allows(ANN, DM));
        }
        release.countDown();

        for (CompletionStage<Boolean> ask : asks) {
            assertThat(await(ask)).isTrue();
        }
        assertThat(server.received()).hasSize(1);
        assertThat(meters.counter("roster.authz.coalesced").count()).isEqualTo(9);
    }

    @Test
    void one_caller_cancelling_its_answer_does_not_take_it_from_the_others() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        server.answers(held(arrived, release, "{\"allow\":true}"));
        HttpRoomAuthorizer authorizer = new HttpRoomAuthorizer(new HookSettings(server.url(), null,
                Duration.ofSeconds(10), CACHE_FOR), meters, HttpClient.newHttpClient(), ticker);
        CompletionStage<Boolean> first = authorizer.allows(ANN, DM);
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        CompletionStage<Boolean> second = authorizer.allows(ANN, DM);

        first.toCompletableFuture().cancel(true);
        release.countDown();

        assertThat(await(second)).isTrue();
    }

    @Test
    void the_metrics_tell_each_outcome_with_its_latency() throws Exception {
        HttpRoomAuthorizer authorizer = authorizer(null, Duration.ZERO);
        await(authorizer.allows(ANN, DM));
        server.answers(json(403, ""));
        await(authorizer.allows(ANN, DM));

        assertThat(meters.timer("roster.authz.requests", "outcome", "allow").count()).isEqualTo(1);
        assertThat(meters.timer("roster.authz.requests", "outcome", "deny").count()).isEqualTo(1);
        assertThat(meters.timer("roster.authz.requests", "outcome", "unavailable").count()).isZero();
        assertThat(meters.timer("roster.authz.requests", "outcome", "allow").totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(meters.find("roster.authz.cache.hits").counter()).isNotNull();
        assertThat(meters.find("roster.authz.failures").counters()).hasSize(3);
    }

    @Test
    void settings_refuse_what_cannot_work() {
        URI url = server.url();
        assertThatThrownBy(() -> new HookSettings(URI.create("ftp://example.org/x"), null, TIMEOUT, CACHE_FOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> new HookSettings(url, null, Duration.ZERO, CACHE_FOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new HookSettings(url, null, TIMEOUT, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache time");
        assertThatThrownBy(() -> new HookSettings(url, "two\nlines", TIMEOUT, CACHE_FOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        assertThat(new HookSettings(url, "s3cr3t", TIMEOUT, CACHE_FOR).toString()).doesNotContain("s3cr3t");
        assertThat(HookSettings.at(url, null).timeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(HookSettings.at(url, null).cacheFor()).isEqualTo(Duration.ofMillis(30_000));
    }

    private static void assertUnavailable(CompletionStage<Boolean> ask) {
        assertThatThrownBy(() -> await(ask)).isInstanceOf(AuthorizationUnavailableException.class);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
