package dev.roster.bench.scenario;

import dev.roster.bench.proto.Frames;
import dev.roster.bench.report.Latency;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The joins and leaves of the presence-latency scenario and who has seen them. Each joiner has at most one op in
 * flight: the next is skipped until every watcher has seen the previous one, so a slow delivery is never confused
 * with a later op of the same user; an op still unseen after the give-up time counts its missing deliveries as lost.
 */
final class PresenceOps {
    private final int watchers;
    private final Latency delivery;
    private final boolean[] inRoom;
    private final Map<String, Op> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final long giveUpNanos;

    /** @param giveUp how long an op may wait for its watchers before it counts as lost and the joiner moves on */
    PresenceOps(int joiners, int watchers, Latency delivery, Duration giveUp) {
        this.watchers = watchers;
        this.delivery = delivery;
        this.giveUpNanos = giveUp.toNanos();
        this.inRoom = new boolean[joiners];
    }

    /** The frame joiner {@code j} sends next (join when out of the room, leave when in), or null to skip. */
    String next(int j, String room, Frames frames) {
        String user = "pl-join-" + j;
        Op previous = inFlight.get(user);
        long now = System.nanoTime();
        if (previous != null && !previous.complete()) {
            if (now - previous.sentAt < giveUpNanos) {
                skipped.incrementAndGet();
                return null;
            }
            abandoned.addAndGet(previous.missing());
        }
        boolean joining = !inRoom[j];
        inRoom[j] = joining;
        inFlight.put(user, new Op(joining ? "online" : "offline", now, watchers));
        sent.incrementAndGet();
        String id = "op" + sent.get();
        return joining ? frames.join(room, id) : frames.leave(room, id);
    }

    /** Watcher {@code watcher} got a presence frame; records the latency if it answers an op in flight. */
    void seen(int watcher, String user, String state) {
        Op op = user == null ? null : inFlight.get(user);
        if (op == null || !op.expects(state)) {
            return;
        }
        long now = System.nanoTime();
        if (op.see(watcher)) {
            delivery.recordNanos(now - op.sentAt);
        } else {
            duplicates.incrementAndGet();
        }
    }

    /** Waits, up to {@code timeout}, until every op in flight has been seen by every watcher. */
    void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (missingInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    long sent() {
        return sent.get();
    }

    long skipped() {
        return skipped.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Deliveries that never came: given up on during the run, or still missing for the ops in flight. */
    long lost() {
        return abandoned.get() + inFlight.values().stream().mapToLong(Op::missing).sum();
    }

    /** Deliveries still missing for the ops in flight. */
    long missingInFlight() {
        return inFlight.values().stream().mapToLong(Op::missing).sum();
    }

    private static final class Op {
        private final String state;
        private final long sentAt;
        private final int watchers;
        private final BitSet seenBy;

        Op(String state, long sentAt, int watchers) {
            this.state = state;
            this.sentAt = sentAt;
            this.watchers = watchers;
            this.seenBy = new BitSet(watchers);
        }

        boolean expects(String got) {
            // a join is seen as the joiner's state (online, away or busy); a leave as offline
            return "offline".equals(state) ? "offline".equals(got) : got != null && !"offline".equals(got);
        }

        synchronized boolean see(int watcher) {
            if (seenBy.get(watcher)) {
                return false;
            }
            seenBy.set(watcher);
            return true;
        }

        synchronized boolean complete() {
            return seenBy.cardinality() == watchers;
        }

        synchronized long missing() {
            return watchers - seenBy.cardinality();
        }
    }
}
