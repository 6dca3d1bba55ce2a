package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.ws.RawWsClient;
import dev.roster.testsupport.ws.RawWsClient.Answer;
import dev.roster.testsupport.ws.WsClient;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Handshakes through a trusted proxy on 127.0.0.1, which forwards each client's address: the per-address limits
 * count the forwarded client, a client cannot pick its address by writing the header itself, and the origin check
 * sees the scheme the client used in front of the proxy.
 */
class ProxiedHandshakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TrustedProxies LOCAL_PROXY = TrustedProxies.parse("127.0.0.1");

    @Test
    void connections_are_limited_per_forwarded_address_and_429_is_flat_with_retry_after() throws Exception {
        List<RawWsClient> open = new ArrayList<>();
        try (TestNode node = TestNode.withSettings(s -> s.withProxies(LOCAL_PROXY)
                .withLimits(WebLimits.DEFAULTS.withConnectionsPerAddress(2)))) {
            int port = node.server.port();
            open.add(opened(port, "u1", "203.0.113.5"));
            open.add(opened(port, "u2", "203.0.113.5"));

            Answer refused = RawWsClient.handshake(port, "/ws?user=u3", Map.of("X-Forwarded-For", "203.0.113.5"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            JsonNode body = JSON.readTree(refused.body());
            assertThat(body.path("error").isTextual()).isTrue();
            assertThat(body.path("error").asText()).isEqualTo("too_many_connections");
            assertThat(body.path("message").asText()).isNotBlank();

            // a client that writes its own X-Forwarded-For is still counted as the address the proxy saw
            Answer spoofed = RawWsClient.handshake(port, "/ws?user=u4",
                    Map.of("X-Forwarded-For", "198.51.100.77, 203.0.113.5"));
            assertThat(spoofed.status()).isEqualTo(429);
            // another client behind the same proxy is not held back
            open.add(opened(port, "u5", "203.0.113.6"));

            // a connection that ends gives its place back
            open.remove(0).close();
            await().atMost(WsClient.WAIT).until(() ->
                    node.registry.get("roster.connections.open").gauge().value() == 2);
            open.add(opened(port, "u6", "203.0.113.5"));

            assertThat(counter(node, "roster.handshakes.refused", "code", "too_many_connections").count())
                    .isEqualTo(2);
        } finally {
            for (RawWsClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void without_a_trusted_proxy_the_forwarded_header_is_ignored_and_the_peer_is_counted() throws Exception {
        List<RawWsClient> open = new ArrayList<>();
        try (TestNode node = TestNode.withSettings(s -> s.withLimits(
                WebLimits.DEFAULTS.withConnectionsPerAddress(2)))) {
            int port = node.server.port();
            open.add(opened(port, "u1", "203.0.113.1"));
            open.add(opened(port, "u2", "203.0.113.2"));
            Answer third = RawWsClient.handshake(port, "/ws?user=u3", Map.of("X-Forwarded-For", "203.0.113.3"));
            assertThat(third.status()).isEqualTo(429);
        } finally {
            for (RawWsClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void handshakes_are_limited_per_forwarded_address_per_second() throws Exception {
        try (TestNode node = TestNode.withSettings(s -> s.withProxies(LOCAL_PROXY)
                .withLimits(WebLimits.DEFAULTS.withHandshakesPerAddressPerS(2)))) {
            int port = node.server.port();
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(RawWsClient.handshake(port, "/ws?user=h" + i, Map.of("X-Forwarded-For", "192.0.2.9")));
            }
            assertThat(answers.get(0).status()).isEqualTo(101);
            List<Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
            assertThat(refused).isNotEmpty();
            for (Answer answer : refused) {
                assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo("too_many_handshakes");
                assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 2L);
            }
            // refused for its rate before anything else was looked at: even bad credentials get 429
            Answer noUser = RawWsClient.handshake(port, "/ws", Map.of("X-Forwarded-For", "192.0.2.9"));
            assertThat(noUser.status()).isEqualTo(429);
            // the others behind the proxy are not held back
            assertThat(RawWsClient.handshake(port, "/ws?user=other", Map.of("X-Forwarded-For", "192.0.2.10"))
                    .status()).isEqualTo(101);
            assertThat(counter(node, "roster.handshakes.refused", "code", "too_many_handshakes").count())
                    .isEqualTo(refused.size() + 1);
        }
    }

    @Test
    void an_https_page_behind_a_tls_terminating_proxy_is_its_own_origin() throws Exception {
        Map<String, String> browser = Map.of("Host", "chat.example.com", "Origin", "https://chat.example.com",
                "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.20");
        try (TestNode proxied = TestNode.withSettings(s -> s.withProxies(LOCAL_PROXY));
             TestNode direct = TestNode.withSettings(s -> s)) {
            assertThat(RawWsClient.handshake(proxied.server.port(), "/ws?user=ann", browser).status())
                    .isEqualTo(101);
            // the same page without the proxy's word for it is an https page talking to an http server
            Map<String, String> noProto = Map.of("Host", "chat.example.com", "Origin", "https://chat.example.com");
            assertThat(RawWsClient.handshake(proxied.server.port(), "/ws?user=ann", noProto).status())
                    .isEqualTo(403);
            // and a client cannot claim https itself
            Answer claimed = RawWsClient.handshake(direct.server.port(), "/ws?user=ann", browser);
            assertThat(claimed.status()).isEqualTo(403);
            assertThat(JSON.readTree(claimed.body()).path("error").path("code").asText())
                    .isEqualTo("forbidden_origin");
            assertThat(counter(direct, "roster.handshakes.refused", "code", "forbidden_origin").count())
                    .isEqualTo(1);
        }
    }

    private static RawWsClient opened(int port, String user, String forwardedFor) throws Exception {
        RawWsClient client = RawWsClient.open(port, "/ws?user=" + user, Map.of("X-Forwarded-For", forwardedFor), 0);
        assertThat(client.read().text()).contains("\"welcome\"");
        return client;
    }

    private static Counter counter(TestNode node, String name, String tag, String value) {
        Counter counter = node.registry.find(name).tag(tag, value).counter();
        assertThat(counter).as("%s{%s=%s}", name, tag, value).isNotNull();
        return counter;
    }
}
