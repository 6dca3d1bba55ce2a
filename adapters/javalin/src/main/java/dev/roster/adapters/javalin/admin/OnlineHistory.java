package dev.roster.adapters.javalin.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The cluster's online count sampled every few seconds over the last hour, for the dashboard's chart. */
public final class OnlineHistory {
    /** One sample. */
    public record Point(long at, long online) {
    }

    private final long windowMillis;
    private final Deque<Point> points = new ArrayDeque<>();

    public OnlineHistory(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public synchronized void record(long at, long online) {
        points.addLast(new Point(at, online));
        while (!points.isEmpty() && points.peekFirst().at() < at - windowMillis) {
            points.removeFirst();
        }
    }

    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
