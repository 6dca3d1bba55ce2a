package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.javalin.limits.AddressLimits.Admission;
import dev.roster.adapters.javalin.limits.AddressLimits.Lease;
import dev.roster.adapters.javalin.limits.AddressLimits.Refused;
import org.junit.jupiter.api.Test;

/** The per-address limits on a clock of their own: every call says what time it is. */
class AddressLimitsTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 42L;

    @Test
    void connections_are_counted_per_address_until_released() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS.withConnectionsPerAddress(2));
        Lease first = lease(limits.admit("10.0.0.1", T0));
        Lease second = lease(limits.admit("10.0.0.1", T0));
        first.opened();
        second.opened();

        Admission third = limits.admit("10.0.0.1", T0);
        assertThat(third).isInstanceOf(Refused.class);
        assertThat(((Refused) third).code()).isEqualTo("too_many_connections");
        assertThat(((Refused) third).retryAfterSeconds()).isPositive();
        // another address is not held back by this one
        assertThat(limits.admit("10.0.0.2", T0)).isInstanceOf(Lease.class);

        first.release();
        first.release();
        assertThat(limits.connections("10.0.0.1")).isEqualTo(1);
        assertThat(limits.admit("10.0.0.1", T0)).isInstanceOf(Lease.class);
        assertThat(limits.admit("10.0.0.1", T0)).isInstanceOf(Refused.class);
    }

    @Test
    void a_lease_whose_socket_never_opened_stops_counting_after_the_deadline() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS.withConnectionsPerAddress(1));
        Lease vanished = lease(limits.admit("10.0.0.1", T0));
        assertThat(limits.admit("10.0.0.1", T0 + 1_000 * MS)).isInstanceOf(Refused.class);

        long later = T0 + AddressLimits.OPEN_DEADLINE.toNanos();
        Lease next = lease(limits.admit("10.0.0.1", later));
        next.opened();
        assertThat(limits.connections("10.0.0.1")).isEqualTo(1);
        // the late one opens after all: it counts again, and its release does not take the other's count
        vanished.opened();
        assertThat(limits.connections("10.0.0.1")).isEqualTo(2);
        vanished.release();
        assertThat(limits.connections("10.0.0.1")).isEqualTo(1);
        next.release();
        assertThat(limits.connections("10.0.0.1")).isZero();
    }

    @Test
    void an_opened_lease_never_expires() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS.withConnectionsPerAddress(1));
        lease(limits.admit("10.0.0.1", T0)).opened();
        assertThat(limits.admit("10.0.0.1", T0 + 3_600_000 * MS)).isInstanceOf(Refused.class);
    }

    @Test
    void handshakes_are_limited_per_address_per_second_and_say_when_to_retry() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS.withHandshakesPerAddressPerS(3));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.admit("10.0.0.1", T0)).isSameAs(Lease.NONE);
        }
        Admission fourth = limits.admit("10.0.0.1", T0);
        assertThat(((Refused) fourth).code()).isEqualTo("too_many_handshakes");
        assertThat(((Refused) fourth).retryAfterSeconds()).isEqualTo(1);
        assertThat(limits.admit("10.0.0.2", T0)).isSameAs(Lease.NONE);
        // a third of a second later, one more
        assertThat(limits.admit("10.0.0.1", T0 + 334 * MS)).isSameAs(Lease.NONE);
        assertThat(limits.admit("10.0.0.1", T0 + 334 * MS)).isInstanceOf(Refused.class);
    }

    @Test
    void a_handshake_refused_for_its_rate_takes_no_connection() {
        AddressLimits limits = AddressLimits.of(new WebLimits(5, 1, 100, 200, 4096, 1 << 20));
        lease(limits.admit("10.0.0.1", T0)).opened();
        assertThat(limits.admit("10.0.0.1", T0)).isInstanceOf(Refused.class);
        assertThat(limits.connections("10.0.0.1")).isEqualTo(1);
    }

    @Test
    void rates_of_idle_addresses_are_forgotten_as_new_ones_arrive() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS.withHandshakesPerAddressPerS(10));
        for (int i = 0; i < 1_000; i++) {
            limits.admit("10.0." + (i / 256) + "." + (i % 256), T0 + i * 10 * MS);
        }
        // each bucket is full again 100 ms after its one handshake: only the last few are remembered
        assertThat(limits.rememberedRates()).isLessThan(20);
    }

    @Test
    void an_attacker_with_many_addresses_cannot_grow_the_state_beyond_its_bound() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS.withHandshakesPerAddressPerS(1));
        int addresses = AddressLimits.TRACKED_ADDRESSES + 5_000;
        for (int i = 0; i < addresses; i++) {
            // all at the same instant: no bucket refills, none is idle
            limits.admit("fd00::" + Integer.toHexString(i), T0);
        }
        assertThat(limits.rememberedRates()).isEqualTo(AddressLimits.TRACKED_ADDRESSES);
    }

    @Test
    void off_keeps_nothing_and_admits_everything() {
        AddressLimits limits = AddressLimits.of(WebLimits.DEFAULTS);
        assertThat(limits).isSameAs(AddressLimits.OFF);
        for (int i = 0; i < 1_000; i++) {
            assertThat(limits.admit("10.0.0.1", T0)).isSameAs(Lease.NONE);
        }
        assertThat(limits.rememberedRates()).isZero();
        assertThat(limits.connections("10.0.0.1")).isZero();
    }

    private static Lease lease(Admission admission) {
        assertThat(admission).isInstanceOf(Lease.class);
        return (Lease) admission;
    }
}
