package dev.roster.bench.hook;

import dev.roster.bench.report.Latency;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a webhook receiver got of one run's events (those of users whose name starts with the run's prefix; others,
 * left from an earlier run, are only counted): each event's lag from its {@code at} to its receipt, doubles by id,
 * and whether each user's events arrived in an order they can have happened in.
 *
 * <p>Order is checked without knowing the log's ids, which are opaque: a user's {@code at} never goes back, and in
 * each room a user's {@code room.joined} and {@code room.left} alternate, starting with a join. A lag is measured
 * against a node's clock on the same machine, to the millisecond of {@code at}: each lag is up to 1 ms longer
 * than the true one, 0.5 ms on average.
 */
public final class Deliveries {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String userPrefix;
    private final Latency every = new Latency("event at->receipt");
    private final Latency roomOps = new Latency("join/leave at->receipt");
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Trail> trails = new HashMap<>();
    private final Map<String, Long> types = new TreeMap<>();
    private final Map<String, Latency> lagByType = new TreeMap<>();
    private long batches;
    private long largestBatch;
    private long events;
    private long roomEvents;
    private long offline;
    private long duplicates;
    private long outOfOrder;
    private long others;
    private long firstReceipt;
    private long lastReceipt;

    /** @param userPrefix the start of every user name of the run being measured */
    public Deliveries(String userPrefix) {
        this.userPrefix = userPrefix;
    }

    /** Records one batch as received at {@code receivedEpochNanos} (wall clock, nanoseconds since the epoch). */
    public synchronized void record(List<HookEvent> batch, long receivedEpochNanos) {
        batches++;
        largestBatch = Math.max(largestBatch, batch.size());
        for (HookEvent event : batch) {
            if (!event.user().startsWith(userPrefix)) {
                others++;
                continue;
            }
            if (!ids.add(event.id())) {
                duplicates++;
                continue;
            }
            if (events == 0) {
                firstReceipt = receivedEpochNanos;
            }
            lastReceipt = receivedEpochNanos;
            events++;
            types.merge(event.type(), 1L, Long::sum);
            long lag = receivedEpochNanos - event.at() * NANOS_PER_MILLI;
            every.recordNanos(lag);
            lagByType.computeIfAbsent(event.type(), t -> new Latency(t + " at->receipt")).recordNanos(lag);
            if (event.isRoomEvent()) {
                roomEvents++;
                roomOps.recordNanos(lag);
            }
            if (HookEvent.USER_OFFLINE.equals(event.type())) {
                offline++;
            }
            if (!trails.computeIfAbsent(event.user(), u -> new Trail()).accept(event)) {
                outOfOrder++;
            }
        }
    }

    /** The lag of every event of the run. */
    public Latency lag() {
        return every;
    }

    /** The lag of the run's {@code room.joined} and {@code room.left} events alone. */
    public Latency roomLag() {
        return roomOps;
    }

    /** The lag of the run's events of each type, in type order; a copy of the map, not of the distributions. */
    public synchronized List<Latency> lagByType() {
        return List.copyOf(lagByType.values());
    }

    /** The run's events received, each counted once. */
    public synchronized long events() {
        return events;
    }

    public synchronized long roomEvents() {
        return roomEvents;
    }

    /** The run's users whose {@code user.offline} arrived. */
    public synchronized long offline() {
        return offline;
    }

    /** Arrivals of an id already received. */
    public synchronized long duplicates() {
        return duplicates;
    }

    /** Events that arrived where their user's earlier events make them impossible. */
    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** Events of users outside the run. */
    public synchronized long others() {
        return others;
    }

    /** Requests that carried a readable batch, whatever users it held. */
    public synchronized long batches() {
        return batches;
    }

    public synchronized long largestBatch() {
        return largestBatch;
    }

    /** The run's events by type, in type order; a copy. */
    public synchronized Map<String, Long> types() {
        return Collections.unmodifiableMap(new TreeMap<>(types));
    }

    /** Seconds from the first of the run's events received to the last; 0 before two arrived. */
    public synchronized double receivingSeconds() {
        return events < 2 ? 0 : (lastReceipt - firstReceipt) / 1e9;
    }

    /** One user's events so far, enough to tell whether the next can follow them. */
    private static final class Trail {
        private long lastAt = Long.MIN_VALUE;
        private final Set<String> inRooms = new HashSet<>();

        boolean accept(HookEvent event) {
            boolean fits = event.at() >= lastAt;
            lastAt = Math.max(lastAt, event.at());
            if (HookEvent.ROOM_JOINED.equals(event.type())) {
                fits &= inRooms.add(event.room());
            } else if (HookEvent.ROOM_LEFT.equals(event.type())) {
                fits &= inRooms.remove(event.room());
            }
            return fits;
        }
    }
}
