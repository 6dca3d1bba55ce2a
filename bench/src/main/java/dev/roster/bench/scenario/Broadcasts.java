package dev.roster.bench.scenario;

import dev.roster.bench.report.Latency;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The fan-out scenario's messages: when each was sent, how many members have it, and when the last one got it. */
final class Broadcasts {
    private static final String PREFIX = "fanout ";

    private final int members;
    private final Latency each;
    private final AtomicLongArray sentAt;
    private final AtomicInteger[] receivedBy;
    private final List<CompletableFuture<Long>> allReceived;
    private final AtomicLong delivered = new AtomicLong();

    Broadcasts(int messages, int members, Latency each) {
        this.members = members;
        this.each = each;
        this.sentAt = new AtomicLongArray(messages);
        this.receivedBy = new AtomicInteger[messages];
        this.allReceived = new ArrayList<>(messages);
        for (int m = 0; m < messages; m++) {
            receivedBy[m] = new AtomicInteger();
            allReceived.add(new CompletableFuture<>());
        }
    }

    static String text(int message) {
        return PREFIX + message;
    }

    /** Marks message {@code m} as sent now; completes with the nanoseconds until the last member had it. */
    CompletableFuture<Long> send(int m) {
        sentAt.set(m, System.nanoTime());
        return allReceived.get(m);
    }

    /** A member got a message frame with this text; texts that are not this run's messages are ignored. */
    void received(String text) {
        int m = parse(text);
        if (m < 0 || m >= receivedBy.length) {
            return;
        }
        long elapsed = System.nanoTime() - sentAt.get(m);
        each.recordNanos(elapsed);
        delivered.incrementAndGet();
        if (receivedBy[m].incrementAndGet() == members) {
            allReceived.get(m).complete(elapsed);
        }
    }

    long delivered() {
        return delivered.get();
    }

    static int parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
