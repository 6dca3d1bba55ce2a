package dev.roster.adapters.redis;

import dev.roster.domain.NodeBoot;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;

/**
 * The key layout (ADR 6). Users are spread over buckets; every key of a user and every index of its bucket carries
 * the bucket's hash tag, so that one commit script touches one Cluster slot and no index is a single hot key.
 * Ids never contain braces, so an id can never change a key's slot.
 */
final class Keys {
    private static final String PREFIX = "roster:";
    private static final String EVENTS = PREFIX + "{events}:";
    private final int buckets;

    Keys(int buckets) {
        if (buckets < 1 || buckets > 16_384) {
            throw new IllegalArgumentException("buckets must be 1 to 16384, got " + buckets);
        }
        this.buckets = buckets;
    }

    int buckets() {
        return buckets;
    }

    /** String.hashCode is specified by the JDK, so every node computes the same bucket. */
    int bucket(UserId user) {
        return Math.floorMod(user.value().hashCode(), buckets);
    }

    private static String tag(int bucket) {
        return PREFIX + "{b" + bucket + "}:";
    }

    String presence(UserId user) {
        return tag(bucket(user)) + "u:" + user.value();
    }

    String online(int bucket) {
        return tag(bucket) + "online";
    }

    String due(int bucket) {
        return tag(bucket) + "due";
    }

    String boot(int bucket, NodeBoot boot) {
        return tag(bucket) + "boot:" + boot.node().value() + ":" + boot.boot();
    }

    /** The boots ({@code "<node> <boot>"}) that hold a session of a user of this bucket, lease or no lease. */
    String boots(int bucket) {
        return tag(bucket) + "boots";
    }

    /** The marker whose loss tells that Redis (or the shard that holds this bucket) lost its data. */
    String epoch(int bucket) {
        return tag(bucket) + "epoch";
    }

    /**
     * The bucket's outbox on a Redis Cluster: the events its commits made, in the bucket's slot so that the commit
     * script can append them, until a relay has moved them into the {@link #eventLog() log}.
     */
    String outbox(int bucket) {
        return tag(bucket) + "outbox";
    }

    /** The cluster's one event log, a stream in a slot of its own. */
    String eventLog() {
        return EVENTS + "log";
    }

    /** The log's generation: a random marker that a log lost with its store does not keep. */
    String eventGeneration() {
        return EVENTS + "gen";
    }

    /** Per bucket, the last outbox id relayed into the log (Redis Cluster only). */
    String relayed() {
        return EVENTS + "relayed";
    }

    /** Who delivers the log to the sink now: the holder's name, expiring with its lease. */
    String deliveryLease() {
        return EVENTS + "lease";
    }

    /** The id of the last event delivered (or parked); absent while delivery starts from the oldest. */
    String deliveryPosition() {
        return EVENTS + "delivered";
    }

    /** The dead letters, newest first, capped. */
    String deadLetters() {
        return EVENTS + "dead";
    }

    String room(RoomId room) {
        return PREFIX + "{r:" + room.value() + "}:m";
    }

    /** The room's members in, sorted by id (score 0): what pages of the room are read from. */
    String roomSorted(RoomId room) {
        return PREFIX + "{r:" + room.value() + "}:ms";
    }

    /** The room's tombstones by version, so that writes can drop the old ones. */
    String roomTombstones(RoomId room) {
        return PREFIX + "{r:" + room.value() + "}:mt";
    }

    String leases() {
        return PREFIX + "{leases}";
    }

    String leaseExpiries() {
        return PREFIX + "{leases}:exp";
    }

    String channel(RoomId room) {
        return PREFIX + "room:" + room.value();
    }

    /** The room a channel name belongs to, or null for a channel that is not a room's. */
    static String roomOfChannel(String channel) {
        String prefix = PREFIX + "room:";
        return channel.startsWith(prefix) ? channel.substring(prefix.length()) : null;
    }
}
