package dev.roster.adapters.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which buckets' epoch markers {@link ResetWatcher} reads: one per server that can lose data on its own. A
 * standalone or Sentinel Redis loses all of it or none, so bucket 0's marker stands for every bucket; a Cluster
 * shard loses all the slots it serves or none, so the first bucket whose marker's slot a master serves stands for
 * the buckets of that master.
 */
final class EpochMarkers {
    private static final int[] ONE_SERVER = {0};

    private EpochMarkers() {
    }

    /** A standalone or Sentinel Redis: bucket 0's marker. */
    static int[] oneServer() {
        return ONE_SERVER.clone();
    }

    /**
     * On a Cluster, from the client's current view of its slots: for each master, the first bucket whose marker it
     * serves. A bucket whose slot no known master serves (a view not yet complete) is read as well, so that what
     * the view misses is still checked.
     */
    static int[] perMaster(Partitions partitions, Keys keys) {
        Set<String> masters = new HashSet<>();
        IntStream.Builder picked = IntStream.builder();
        for (int b = 0; b < keys.buckets(); b++) {
            RedisClusterNode node = partitions.getPartitionBySlot(SlotHash.getSlot(keys.epoch(b)));
            if (node == null || masters.add(node.getNodeId())) {
                picked.add(b);
            }
        }
        return picked.build().toArray();
    }
}
