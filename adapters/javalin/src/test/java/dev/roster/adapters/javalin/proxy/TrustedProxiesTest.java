package dev.roster.adapters.javalin.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, fd00::/8");

    @Test
    void an_untrusted_peer_is_the_client_whatever_it_forwards() {
        assertThat(proxies.clientAddress("203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
        assertThat(proxies.scheme("203.0.113.9", "http", "https")).isEqualTo("http");
        assertThat(TrustedProxies.NONE.clientAddress("10.0.0.1", "1.2.3.4")).isEqualTo("10.0.0.1");
    }

    @Test
    void a_trusted_proxy_names_the_client_and_the_scheme() {
        assertThat(proxies.clientAddress("10.1.2.3", "198.51.100.4")).isEqualTo("198.51.100.4");
        assertThat(proxies.clientAddress("192.168.1.7", "198.51.100.4")).isEqualTo("198.51.100.4");
        assertThat(proxies.scheme("10.1.2.3", "http", "https")).isEqualTo("https");
        assertThat(proxies.scheme("10.1.2.3", "http", "HTTPS, http")).isEqualTo("https");
        assertThat(proxies.scheme("10.1.2.3", "http", "gopher")).isEqualTo("http");
        assertThat(proxies.scheme("10.1.2.3", "http", null)).isEqualTo("http");
    }

    @Test
    void what_the_client_wrote_left_of_the_last_untrusted_hop_is_not_believed() {
        // the client sent "X-Forwarded-For: 6.6.6.6" itself; the proxy appended the address it saw
        assertThat(proxies.clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.4")).isEqualTo("198.51.100.4");
        // two trusted proxies in a row are walked through
        assertThat(proxies.clientAddress("10.0.0.1", "198.51.100.4, 10.9.9.9")).isEqualTo("198.51.100.4");
        // garbage ends the walk at the last address that could be believed
        assertThat(proxies.clientAddress("10.0.0.1", "198.51.100.4, not-an-ip, 10.9.9.9")).isEqualTo("10.9.9.9");
        assertThat(proxies.clientAddress("10.0.0.1", "   ")).isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6_and_mapped_and_bracketed_forms_are_read() {
        assertThat(proxies.trusts("fd12::1")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(proxies.trusts("::ffff:10.2.3.4")).isTrue();
        assertThat(proxies.clientAddress("fd00::2", "[2001:db8::5]:443")).isEqualTo("2001:db8::5");
        assertThat(proxies.clientAddress("10.0.0.2", "198.51.100.4:5555")).isEqualTo("198.51.100.4");
    }

    @Test
    void cidr_boundaries_are_exact() {
        TrustedProxies narrow = TrustedProxies.parse("172.16.0.0/12");
        assertThat(narrow.trusts("172.31.255.255")).isTrue();
        assertThat(narrow.trusts("172.32.0.0")).isFalse();
        assertThat(narrow.trusts("172.15.255.255")).isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("8.8.8.8")).isTrue();
    }

    @Test
    void names_are_never_looked_up() {
        assertThat(proxies.trusts("localhost")).isFalse();
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.internal"))
                .hasMessageContaining("proxy.internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "300.1.1.1", "1.2.3", "fd00::/129", "10.0.0.1/"})
    void a_bad_entry_is_refused_by_name(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1, " + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }

    @Test
    void blank_trusts_none() {
        assertThat(TrustedProxies.parse(null)).isSameAs(TrustedProxies.NONE);
        assertThat(TrustedProxies.parse(" , ")).isSameAs(TrustedProxies.NONE);
    }
}
