package dev.roster.adapters.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The buckets grouped by the server that holds them, so that a read every node repeats on a timer (the grace
 * sweep's due users, the online count, the outboxes waiting to be relayed) is one script per server rather than one
 * command per bucket. A standalone or Sentinel Redis holds every bucket: one group. On a Cluster each master holds
 * the buckets whose slots it serves, as the client sees them now: a group per master, in bucket order, and each
 * bucket whose slot no known master serves (a view not yet complete) a group of its own.
 */
final class Shards {
    private Shards() {
    }

    /** Every bucket in one group: a standalone or Sentinel Redis. */
    static List<int[]> oneServer(Keys keys) {
        return List.of(IntStream.range(0, keys.buckets()).toArray());
    }

    /** One group per master of the client's current view of the Cluster's slots. */
    static List<int[]> perMaster(Partitions partitions, Keys keys) {
        Map<String, IntStream.Builder> byMaster = new LinkedHashMap<>();
        List<int[]> groups = new ArrayList<>();
        for (int b = 0; b < keys.buckets(); b++) {
            // every key of a bucket carries its hash tag, so any of them names the bucket's slot
            RedisClusterNode node = partitions.getPartitionBySlot(SlotHash.getSlot(keys.due(b)));
            if (node == null) {
                groups.add(new int[] {b});
            } else {
                byMaster.computeIfAbsent(node.getNodeId(), id -> IntStream.builder()).add(b);
            }
        }
        byMaster.values().forEach(buckets -> groups.add(buckets.build().toArray()));
        return groups;
    }
}
