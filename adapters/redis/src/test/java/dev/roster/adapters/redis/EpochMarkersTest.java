package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which buckets' epoch markers the reset watcher reads: one per server, whatever the number of buckets. */
class EpochMarkersTest {
    private final Keys keys = new Keys(64);

    @Test
    void aStandaloneOrSentinelRedisIsCheckedOnBucketZerosMarker() {
        assertThat(EpochMarkers.oneServer()).containsExactly(0);
    }

    @Test
    void aClusterIsCheckedOnTheFirstBucketOfEachMaster() {
        Partitions partitions = partitions(master("a", 0, 5460), master("b", 5461, 10922),
                master("c", 10923, 16383));

        int[] picked = EpochMarkers.perMaster(partitions, keys);

        assertThat(picked).hasSize(3);
        assertThat(IntStream.of(picked).mapToObj(b -> owner(partitions, b)).toList())
                .containsExactlyInAnyOrder("a", "b", "c");
        for (int b : picked) {
            // no earlier bucket lives on the same master
            for (int earlier = 0; earlier < b; earlier++) {
                assertThat(owner(partitions, earlier)).isNotEqualTo(owner(partitions, b));
            }
        }
    }

    @Test
    void movedSlotsChangeThePickAtTheNextCheck() {
        int first = 0;
        int slot = SlotHash.getSlot(keys.epoch(first));
        Partitions before = partitions(master("a", 0, 16383));
        Partitions after = partitions(master("a", 0, 16383, slot), master("b", slot, slot));

        assertThat(EpochMarkers.perMaster(before, keys)).containsExactly(0);
        assertThat(EpochMarkers.perMaster(after, keys)).hasSize(2).contains(0);
    }

    @Test
    void aBucketWhoseSlotNoKnownMasterServesIsReadAsWell() {
        int slot = SlotHash.getSlot(keys.epoch(7));
        Partitions partitions = partitions(master("a", 0, 16383, slot));

        assertThat(EpochMarkers.perMaster(partitions, keys)).contains(7);
        assertThat(EpochMarkers.perMaster(new Partitions(), keys)).hasSize(64);
    }

    private static String owner(Partitions partitions, int bucket) {
        return partitions.getPartitionBySlot(SlotHash.getSlot(new Keys(64).epoch(bucket))).getNodeId();
    }

    private static Partitions partitions(RedisClusterNode... nodes) {
        Partitions partitions = new Partitions();
        for (RedisClusterNode node : nodes) {
            partitions.addPartition(node);
        }
        partitions.updateCache();
        return partitions;
    }

    /** A master serving {@code from..to}, except {@code without}. */
    private static RedisClusterNode master(String id, int from, int to, int... without) {
        List<Integer> slots = IntStream.rangeClosed(from, to).filter(s -> IntStream.of(without).noneMatch(w -> w == s))
                .boxed().toList();
        return new RedisClusterNode(RedisURI.create("redis://127.0.0.1:" + (7000 + id.charAt(0))), id, true, null, 0,
                0, 0, slots, EnumSet.of(RedisClusterNode.NodeFlag.UPSTREAM));
    }
}
