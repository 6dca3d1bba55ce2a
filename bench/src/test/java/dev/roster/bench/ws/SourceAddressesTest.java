package dev.roster.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {
    private static final int LINUX_DEFAULT_RANGE = 28_232;

    @Test
    void one_range_is_enough_for_19000_connections() {
        assertThat(SourceAddresses.plan(19_000, LINUX_DEFAULT_RANGE)).isEmpty();
    }

    @Test
    void more_connections_than_one_range_spread_from_127_0_0_2() {
        List<InetAddress> sources = SourceAddresses.plan(60_000, LINUX_DEFAULT_RANGE);

        assertThat(sources).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
    }

    @Test
    void the_boundary_is_the_range_less_its_reserve() {
        int perSource = LINUX_DEFAULT_RANGE - SourceAddresses.RESERVE;

        assertThat(SourceAddresses.plan(perSource, LINUX_DEFAULT_RANGE)).isEmpty();
        assertThat(SourceAddresses.plan(perSource + 1, LINUX_DEFAULT_RANGE)).hasSize(2);
    }

    @Test
    void refuses_impossible_plans() {
        assertThatThrownBy(() -> SourceAddresses.plan(-1, LINUX_DEFAULT_RANGE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceAddresses.plan(10, 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceAddresses.plan(300_000, 2_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("250");
    }

    @Test
    void explicit_addresses_must_be_loopback() {
        assertThat(SourceAddresses.parse(List.of("127.0.0.2", "127.0.0.9")))
                .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.2", "127.0.0.9");
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("10.0.0.2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
