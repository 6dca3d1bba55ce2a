package dev.roster.bench.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HookReceiverTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochMilli(1_733_500_000_250L);
    private static final long TS = NOW.getEpochSecond();
    private static final String BATCH = "{\"events\":["
            + "{\"id\":\"g-1\",\"type\":\"room.joined\",\"user\":\"run-0\",\"at\":1733500000200,\"room\":\"r\"},"
            + "{\"id\":\"g-2\",\"type\":\"room.left\",\"user\":\"run-0\",\"at\":1733500000210,\"room\":\"r\"}]}";

    private final Deliveries deliveries = new Deliveries("run-");
    private final HttpClient client = HttpClient.newHttpClient();
    private HookReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = HookReceiver.start(0, SECRET, new HookBatches(new ObjectMapper()), deliveries,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private int post(String body, String timestamp, String signature) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/hook"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (timestamp != null) {
            request.header("Roster-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("Roster-Signature", signature);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sign(String body, long timestamp) {
        return HookSignature.sign(SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answers_200_to_a_signed_batch_and_tallies_it_with_its_lag() throws Exception {
        assertThat(post(BATCH, Long.toString(TS), sign(BATCH, TS))).isEqualTo(200);

        // tallied just after the answer went out
        Awaitility.await().until(() -> deliveries.events() == 2);
        assertThat(deliveries.roomEvents()).isEqualTo(2);
        assertThat(deliveries.roomLag().summary().max()).isBetween(49_000.0, 51_000.0);
        assertThat(deliveries.roomLag().summary().p50()).isBetween(39_000.0, 41_000.0);
        assertThat(receiver.requests()).isEqualTo(1);
        assertThat(receiver.badSignatures()).isZero();
        assertThat(receiver.firstProblem()).isNull();
    }

    @Test
    void refuses_a_bad_signature_with_401_and_tallies_nothing() throws Exception {
        String forged = HookSignature.sign("another secret, also 32 bytes long".getBytes(StandardCharsets.UTF_8),
                TS, BATCH.getBytes(StandardCharsets.UTF_8));

        assertThat(post(BATCH, Long.toString(TS), forged)).isEqualTo(401);
        assertThat(post(BATCH, null, sign(BATCH, TS))).isEqualTo(401);
        assertThat(post(BATCH, Long.toString(TS - 3_600), sign(BATCH, TS - 3_600))).isEqualTo(401);
        assertThat(post(BATCH.replace("run-0", "run-1"), Long.toString(TS), sign(BATCH, TS))).isEqualTo(401);

        assertThat(receiver.badSignatures()).isEqualTo(4);
        assertThat(receiver.firstProblem()).startsWith("401");
        assertThat(deliveries.batches()).isZero();
    }

    @Test
    void refuses_a_signed_body_that_is_not_a_batch_with_400() throws Exception {
        String body = "{\"event\":[]}";

        assertThat(post(body, Long.toString(TS), sign(body, TS))).isEqualTo(400);

        assertThat(receiver.unreadable()).isEqualTo(1);
        assertThat(receiver.firstProblem()).startsWith("400");
        assertThat(deliveries.batches()).isZero();
    }

    @Test
    void refuses_other_methods() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/")).GET().build();

        assertThat(client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        assertThat(receiver.unreadable()).isEqualTo(1);
    }

    @Test
    void a_batch_delivered_twice_is_counted_as_a_double() throws Exception {
        assertThat(post(BATCH, Long.toString(TS), sign(BATCH, TS))).isEqualTo(200);
        assertThat(post(BATCH, Long.toString(TS), sign(BATCH, TS))).isEqualTo(200);

        Awaitility.await().until(() -> deliveries.batches() == 2);
        assertThat(deliveries.duplicates()).isEqualTo(2);
        assertThat(deliveries.events()).isEqualTo(2);
        assertThat(receiver.requests()).isEqualTo(2);
    }
}
