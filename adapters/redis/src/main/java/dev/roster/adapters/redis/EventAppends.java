package dev.roster.adapters.redis;

import dev.roster.domain.LoggedEvent;
import dev.roster.domain.PresenceEvent;
import java.util.List;

/**
 * Where a commit appends its events, as arguments of the commit script: on a standalone Redis or behind Sentinel
 * straight into the event log, so that the append costs no round trip of its own and is atomic with the
 * compare-and-set; on a Redis Cluster, where the log's slot is not the bucket's, into the bucket's outbox, which
 * the {@link OutboxRelay} moves into the log once the commit is answered.
 */
final class EventAppends {
    private final Keys keys;
    private final EventCodec codec;
    private final String keep;
    private final OutboxRelay relay;

    /** @param relay the relay of the outboxes on a Redis Cluster, null elsewhere */
    EventAppends(Keys keys, EventCodec codec, int keep, OutboxRelay relay) {
        this.keys = keys;
        this.codec = codec;
        this.keep = Integer.toString(keep);
        this.relay = relay;
    }

    /** The stream a commit of this bucket appends to. */
    String stream(int bucket) {
        return relay == null ? keys.eventLog() : keys.outbox(bucket);
    }

    /** About how many entries that stream keeps. */
    String keep() {
        return keep;
    }

    /** Adds each event's entry, in order, to the script's arguments. */
    void encode(List<PresenceEvent> events, List<String> args) {
        for (PresenceEvent event : events) {
            args.add(codec.encode(LoggedEvent.of(event)));
        }
    }

    /** A commit of this bucket appended events: on a cluster they are relayed now, without the caller waiting. */
    void committed(int bucket) {
        if (relay != null) {
            relay.afterCommit(bucket);
        }
    }
}
