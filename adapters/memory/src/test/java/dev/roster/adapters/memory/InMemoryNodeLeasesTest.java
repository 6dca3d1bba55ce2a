package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the in-memory leases do beyond the port contract. */
class InMemoryNodeLeasesTest {
    private final InMemoryNodeLeases leases = new InMemoryNodeLeases();
    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    private NodeLease lease(String node, String boot, Instant heartbeat) {
        return new NodeLease(new NodeBoot(NodeId.of(node), boot), 0, heartbeat, heartbeat.plusSeconds(15));
    }

    @Test
    void aLeaseRenewedAfterTheReleaserReadItIsKept() {
        NodeLease read = lease("a", "boot-1", t0);
        await(leases.renew(read));
        NodeLease renewed = lease("a", "boot-1", t0.plusSeconds(20));
        await(leases.renew(renewed));

        assertThat(await(leases.release(read))).isFalse();
        assertThat(await(leases.live(t0.plusSeconds(20)))).containsExactly(renewed);
    }

    @Test
    void leasesAreListedByNodeThenBoot() {
        await(leases.renew(lease("b", "boot-1", t0)));
        await(leases.renew(lease("a", "boot-2", t0)));
        await(leases.renew(lease("a", "boot-1", t0)));

        assertThat(await(leases.live(t0))).extracting(l -> l.id().node().value() + "/" + l.id().boot())
                .containsExactly("a/boot-1", "a/boot-2", "b/boot-1");
    }
}
