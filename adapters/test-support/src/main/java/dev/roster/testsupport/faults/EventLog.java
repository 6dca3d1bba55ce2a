package dev.roster.testsupport.faults;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * What happened during a fault test, each line stamped with the seconds since the log began: what the clients did,
 * the faults, what the nodes did on their own, the checks. Keeps the last {@value #KEPT} lines; a failing test prints
 * them, or those about one user.
 */
public final class EventLog {
    static final int KEPT = 50_000;
    private final long start = System.nanoTime();
    private final Deque<String> lines = new ArrayDeque<>();
    private final boolean echo;

    /** @param echo whether {@link #note} lines are also printed as they happen */
    public EventLog(boolean echo) {
        this.echo = echo;
    }

    /** Records a line. */
    public void add(String what) {
        String line = String.format(Locale.ROOT, "%9.3fs %s", (System.nanoTime() - start) / 1e9, what);
        synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > KEPT) {
                lines.removeFirst();
            }
        }
    }

    /** Records a line worth seeing as it happens (a fault, a check), and prints it if this log echoes. */
    public void note(String what) {
        add(what);
        if (echo) {
            System.out.println(last());
        }
    }

    private String last() {
        synchronized (lines) {
            return lines.peekLast();
        }
    }

    /** The last {@code count} lines. */
    public String tail(int count) {
        List<String> copy = copy();
        return String.join("\n", copy.subList(Math.max(0, copy.size() - count), copy.size()));
    }

    /** The last {@code count} lines that mention {@code word}. */
    public String about(String word, int count) {
        List<String> hits = new ArrayList<>();
        for (String line : copy()) {
            if (line.contains(word)) {
                hits.add(line);
            }
        }
        return String.join("\n", hits.subList(Math.max(0, hits.size() - count), hits.size()));
    }

    private List<String> copy() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
