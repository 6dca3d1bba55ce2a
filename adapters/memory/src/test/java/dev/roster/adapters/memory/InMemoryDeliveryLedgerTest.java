package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.port.out.DeliveryLedger.Position;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the in-memory delivery ledger does beyond the port contract: its lease runs by the clock it is given. */
class InMemoryDeliveryLedgerTest {
    private static final Duration LEASE = Duration.ofSeconds(10);
    private final FixedClock clock = new FixedClock();
    private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger(clock);

    @Test
    void aLeaseEndsExactlyWhenItsLengthHasPassed() {
        await(ledger.claim("a", LEASE));
        clock.advance(LEASE.minusMillis(1));
        assertThat(await(ledger.claim("b", LEASE))).isNull();
        assertThat(await(ledger.advance("a", "e-1"))).isTrue();

        clock.advanceMillis(1);

        assertThat(await(ledger.position())).isEqualTo(new Position(null, "e-1"));
        assertThat(await(ledger.advance("a", "e-2"))).isFalse();
        assertThat(await(ledger.claim("b", LEASE))).isEqualTo(new Position("b", "e-1"));
    }

    @Test
    void renewingCountsTheLeaseFromTheRenewal() {
        await(ledger.claim("a", LEASE));
        clock.advance(Duration.ofSeconds(8));
        await(ledger.claim("a", LEASE));
        clock.advance(Duration.ofSeconds(8));

        assertThat(await(ledger.claim("b", LEASE))).isNull();
        assertThat(await(ledger.position()).holder()).isEqualTo("a");
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> await(ledger.deadLetters(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
