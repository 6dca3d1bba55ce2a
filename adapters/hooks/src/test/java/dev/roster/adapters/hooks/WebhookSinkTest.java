package dev.roster.adapters.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.DeliveryFailedException;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook over real HTTP: what is sent and signed, what takes a batch, and why one fails. */
class WebhookSinkTest {
    private static final byte[] SECRET = "a-webhook-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_765_033_200L);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final WebhookReceiver receiver = new WebhookReceiver();
    private WebhookSink sink;

    WebhookSinkTest() throws IOException {
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        receiver.close();
    }

    private WebhookSink sink(URI url) {
        sink = WebhookSink.withClock(new WebhookSettings(url, SECRET, TIMEOUT), InstantSource.fixed(NOW));
        return sink;
    }

    private WebhookSink sink() {
        return sink(receiver.url());
    }

    private static List<LoggedEvent> events() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("room", "dm:ann:bob");
        details.put("session", null);
        return List.of(new LoggedEvent("3-17", LoggedEvent.USER_ONLINE, UserId.of("ann"), NOW, Map.of("state",
                        "online")),
                new LoggedEvent("3-18", LoggedEvent.ROOM_LEFT, UserId.of("ann"), NOW.plusMillis(5), details));
    }

    @Test
    void a_batch_is_posted_as_json_with_the_headers_the_contract_names() throws Exception {
        await(sink().deliver(events()));

        WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
        assertThat(delivery.method()).isEqualTo("POST");
        assertThat(delivery.path()).isEqualTo(WebhookReceiver.PATH);
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
        assertThat(delivery.header("User-Agent")).isEqualTo("Roster");
        assertThat(delivery.header("Roster-Timestamp")).isEqualTo("1765033200");
        assertThat(delivery.header("Roster-Signature")).matches("v1=[0-9a-f]{64}");
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"events\":[{\"id\":\"3-17\",\"type\":\"user.online\",\"user\":\"ann\",\"at\":1765033200000,"
                        + "\"state\":\"online\"},{\"id\":\"3-18\",\"type\":\"room.left\",\"user\":\"ann\","
                        + "\"at\":1765033200005,\"room\":\"dm:ann:bob\",\"session\":null}]}");
    }

    @Test
    void the_signature_verifies_with_the_secret_and_not_otherwise() throws Exception {
        await(sink().deliver(events()));
        WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
        String timestamp = delivery.header("Roster-Timestamp");
        String signature = delivery.header("Roster-Signature");
        byte[] body = delivery.body();

        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, body, NOW, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, body, NOW.plus(TOLERANCE), TOLERANCE))
                .as("at the edge of the window").isTrue();

        byte[] otherSecret = "another-webhook-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(otherSecret, timestamp, signature, body, NOW, TOLERANCE))
                .as("another secret").isFalse();
        byte[] changed = Arrays.copyOf(body, body.length);
        changed[changed.length - 3] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, changed, NOW, TOLERANCE))
                .as("a changed body").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1765033201", signature, body, NOW, TOLERANCE))
                .as("another timestamp").isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, body, NOW.plus(TOLERANCE).plusSeconds(1),
                TOLERANCE)).as("an old delivery replayed").isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, body, NOW.minus(TOLERANCE).minusSeconds(1),
                TOLERANCE)).as("a timestamp from the future").isFalse();
    }

    @Test
    void the_signature_is_the_hmac_sha256_of_timestamp_dot_body_in_lowercase_hex() {
        // computed apart from Java: python3 -c "import hmac,hashlib; print(hmac.new(b'a-webhook-secret-of-at-
        // least-32-bytes', b'1765033200.{\"events\":[]}', hashlib.sha256).hexdigest())"
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.sign(SECRET, 1_765_033_200L, body))
                .isEqualTo("v1=513ca69fc70d3f9032e8e586cb1cdb136580ca392b7f791b84e02fd6811a1110");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null, v1=00",
        "1765033200, null",
        "not-a-number, v1=513ca69fc70d3f9032e8e586cb1cdb136580ca392b7f791b84e02fd6811a1110",
        "-9223372036854775808, v1=513ca69fc70d3f9032e8e586cb1cdb136580ca392b7f791b84e02fd6811a1110",
        "1765033200, 513ca69fc70d3f9032e8e586cb1cdb136580ca392b7f791b84e02fd6811a1110",
        "1765033200, v1=513ca69fc70d3f9032e8e586cb1cdb136580ca392b7f791b84e02fd6811a111",
        "1765033200, v1=not-hex",
        "1765033200, v0=513ca69fc70d3f9032e8e586cb1cdb136580ca392b7f791b84e02fd6811a1110",
        "1765033200, ''",
    })
    void a_missing_or_malformed_header_does_not_verify(String timestamp, String signature) {
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, body, NOW, TOLERANCE)).isFalse();
    }

    @Test
    void any_of_several_signatures_may_match_so_that_a_secret_can_be_rotated() {
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        String header = "v1=" + "0".repeat(64) + ", " + WebhookSignature.sign(SECRET, 1_765_033_200L, body);

        assertThat(WebhookSignature.verify(SECRET, "1765033200", header, body, NOW, TOLERANCE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void any_2xx_takes_the_batch(int status) throws Exception {
        receiver.answers(WebhookReceiver.status(status));

        await(sink().deliver(events()));

        assertThat(receiver.deliveries()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
        "400, http_4xx", "401, http_4xx", "404, http_4xx", "410, http_4xx", "429, http_4xx",
        "500, http_5xx", "502, http_5xx", "503, http_5xx",
    })
    void an_error_status_fails_the_batch_with_its_class_as_the_reason(int status, String reason) {
        receiver.answers(WebhookReceiver.body(status, "{\"error\":\"no\"}".getBytes(StandardCharsets.UTF_8)));

        assertFails(sink().deliver(events()), reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void a_redirect_is_not_followed_and_fails_the_batch(int status) throws IOException {
        try (WebhookReceiver elsewhere = new WebhookReceiver()) {
            receiver.answers(WebhookReceiver.redirect(status, elsewhere.url()));

            assertFails(sink().deliver(events()), "http_3xx");

            assertThat(receiver.deliveries()).hasSize(1);
            assertThat(elsewhere.deliveries()).as("the signed events sent on").isEmpty();
        }
    }

    @Test
    void a_huge_answer_is_cut_off_and_neither_takes_nor_breaks_anything() throws Exception {
        byte[] huge = new byte[8 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        WebhookSink sink = sink();

        receiver.answers(WebhookReceiver.body(200, huge));
        await(sink.deliver(events()));
        receiver.answers(WebhookReceiver.body(503, huge));
        assertFails(sink.deliver(events()), "http_5xx");
        receiver.answers(WebhookReceiver.status(204));
        await(sink.deliver(events()));

        assertThat(receiver.deliveries()).extracting(WebhookReceiver.Delivery::status).containsExactly(200, 503, 204);
    }

    @Test
    void a_receiver_that_does_not_answer_in_time_fails_as_timeout() {
        receiver.answers(WebhookReceiver.hanging());

        assertFails(sink().deliver(events()), "timeout");
    }

    @Test
    void a_receiver_nobody_listens_on_fails_as_unreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertFails(sink(URI.create("http://127.0.0.1:" + closedPort + "/hooks")).deliver(events()), "unreachable");
    }

    @Test
    void a_closed_sink_fails_every_batch() {
        WebhookSink sink = sink();
        sink.close();

        assertFails(sink.deliver(events()), "error");
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void the_sink_is_described_by_its_address_without_credentials() {
        WebhookSink sink = sink(URI.create("https://roster:hunter2@app.example:8443/hooks/roster?key=s3cret#x"));

        assertThat(sink.describe()).isEqualTo("https://app.example:8443/hooks/roster");
    }

    @Test
    void settings_refuse_what_cannot_work_and_never_show_the_secret() {
        URI url = receiver.url();
        assertThatThrownBy(() -> new WebhookSettings(URI.create("ftp://u:hunter2@example.org/x"), SECRET, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https")
                .hasMessageContaining("ftp://example.org/x").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> new WebhookSettings(url, Arrays.copyOf(SECRET, 31), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new WebhookSettings(url, SECRET, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");

        byte[] secret = SECRET.clone();
        WebhookSettings settings = new WebhookSettings(url, secret, TIMEOUT);
        assertThat(settings.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
        Arrays.fill(secret, (byte) 0);
        assertThat(settings.secret()).as("a copy of the secret, kept from the caller's changes").isEqualTo(SECRET);
        assertThat(settings).isEqualTo(new WebhookSettings(url, SECRET.clone(), TIMEOUT));
    }

    @Test
    void every_reason_is_one_of_the_fixed_words() {
        assertThat(WebhookSink.REASONS).containsExactly("timeout", "unreachable", "http_3xx", "http_4xx", "http_5xx",
                "error");
        assertThat(WebhookSink.reason(199)).isEqualTo("error");
        assertThat(WebhookSink.reason(600)).isEqualTo("error");
        assertThat(WebhookSink.reason(new IOException("reset"))).isEqualTo("error");
    }

    private static void assertFails(CompletionStage<Void> delivery, String reason) {
        assertThatThrownBy(() -> await(delivery)).isInstanceOf(DeliveryFailedException.class)
                .hasMessage(reason);
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
