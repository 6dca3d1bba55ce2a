package dev.roster.adapters.javalin.admin;

import dev.roster.domain.Activity;
import dev.roster.domain.LoggedEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The recent cluster-wide activity this node heard, numbered in the order heard, so that a dashboard whose feed
 * reconnects resumes right after the last entry it got: nothing lost, nothing twice. An entry is an event of the
 * cluster's event log (the presence changes and operators' disconnects, the same on every node) or an activity
 * only the activity feed tells (a node removed). Ids are
 * {@code <boot>.<seq>}; an id from another boot of this node (or another node) cannot be resumed and the
 * dashboard starts over from the recent backlog.
 */
public final class ActivityLog {
    /** One numbered line of the feed: an event of the log, or else an activity. */
    public record Entry(long seq, Activity activity, LoggedEvent event) {
        public Entry {
            if ((activity == null) == (event == null)) {
                throw new IllegalArgumentException("an entry is an activity or an event of the log");
            }
        }

        public Entry(long seq, Activity activity) {
            this(seq, activity, null);
        }

        public Entry(long seq, LoggedEvent event) {
            this(seq, null, event);
        }
    }

    private final String boot;
    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    // a listener may unsubscribe itself (or another) while it is being called
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
    private long lastSeq;

    public ActivityLog(String boot, int capacity) {
        this.boot = boot;
        this.capacity = capacity;
    }

    /**
     * Numbers and keeps {@code activity} and hands it to every listener. Listeners are called under the log's
     * lock, so each sees the entries in the order they are numbered; they must only queue the entry.
     */
    public synchronized void add(Activity activity) {
        add(new Entry(++lastSeq, activity));
    }

    /** Numbers and keeps an event of the cluster's log, as {@link #add(Activity)} does an activity. */
    public synchronized void add(LoggedEvent event) {
        add(new Entry(++lastSeq, event));
    }

    private void add(Entry entry) {
        entries.addLast(entry);
        if (entries.size() > capacity) {
            entries.removeFirst();
        }
        listeners.forEach(l -> l.accept(entry));
    }

    /**
     * Hands {@code listener} a backlog, then every later entry: the backlog is the entries after {@code afterSeq},
     * or the last {@code backlog} entries when it is empty. Backlog and registration happen under the same lock as
     * {@link #add}, so no entry falls between them, none comes twice and none overtakes an older one.
     */
    public synchronized void subscribe(OptionalLong afterSeq, int backlog, Consumer<Entry> listener) {
        List<Entry> all = new ArrayList<>(entries);
        List<Entry> first = afterSeq.isPresent()
                ? all.stream().filter(e -> e.seq() > afterSeq.getAsLong()).toList()
                : all.subList(Math.max(0, all.size() - backlog), all.size());
        first.forEach(listener);
        listeners.add(listener);
    }

    public synchronized void unsubscribe(Consumer<Entry> listener) {
        listeners.remove(listener);
    }

    public String idOf(Entry entry) {
        return boot + "." + entry.seq();
    }

    /** The sequence number in a Last-Event-ID this log handed out; empty for anything else. */
    public OptionalLong parse(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(boot + ".")) {
            return OptionalLong.empty();
        }
        try {
            long seq = Long.parseLong(lastEventId.substring(boot.length() + 1));
            synchronized (this) {
                // an entry already dropped from the log cannot be resumed exactly: start over
                if (seq > lastSeq || (!entries.isEmpty() && seq < entries.peekFirst().seq() - 1)) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(seq);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
