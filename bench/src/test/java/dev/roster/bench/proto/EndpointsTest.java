package dev.roster.bench.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void builds_the_socket_url_of_a_dev_user() {
        Endpoints node = Endpoints.loopback("http://127.0.0.1:8080/");

        assertThat(node.socket("idle-7")).isEqualTo(URI.create("ws://127.0.0.1:8080/ws?user=idle-7"));
        assertThat(node.http("/api/online/count")).isEqualTo(URI.create("http://127.0.0.1:8080/api/online/count"));
    }

    @Test
    void keeps_a_base_path_and_uses_wss_under_https() {
        Endpoints node = Endpoints.loopback("https://localhost:8443/roster");

        assertThat(node.socket("a@b")).isEqualTo(URI.create("wss://localhost:8443/roster/ws?user=a%40b"));
    }

    @Test
    void refuses_anything_but_loopback() {
        assertThatThrownBy(() -> Endpoints.loopback("http://10.1.2.3:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> Endpoints.loopback("http://192.168.1.1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_urls_that_are_not_http() {
        assertThatThrownBy(() -> Endpoints.loopback("ws://127.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> Endpoints.loopback("127.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoints.loopback("http://[bad"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
