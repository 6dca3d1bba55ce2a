package dev.roster.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code ROSTER_*} variables in the environment that Roster does not read. They are not refused (orchestrators
 * set some of their own) but each is named in a warning, with the closest known name when it looks like a typo of
 * one. Kubernetes injects service-link variables for a Service named {@code roster} ({@code ROSTER_SERVICE_HOST},
 * {@code ROSTER_PORT_8080_TCP_ADDR}, ...); those are recognised and summed up in one note instead.
 */
final class UnknownVariables {
    private static final String PREFIX = "ROSTER_";
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "ROSTER_SERVICE_HOST|ROSTER_SERVICE_PORT(_[A-Z0-9_]+)?|ROSTER_PORT_[0-9]+_(TCP|UDP|SCTP)(_[A-Z0-9_]+)?");
    private static final int MAX_DISTANCE = 3;

    private final List<String> warnings;
    private final List<String> notes;

    private UnknownVariables(List<String> warnings, List<String> notes) {
        this.warnings = warnings;
        this.notes = notes;
    }

    /** Sorts the environment's unknown {@code ROSTER_*} names into warnings and notes, in name order. */
    static UnknownVariables in(Map<String, String> environment, Set<String> known) {
        List<String> warnings = new ArrayList<>();
        Set<String> links = new TreeSet<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (!name.startsWith(PREFIX) || known.contains(name)) {
                continue;
            }
            if (SERVICE_LINK.matcher(name).matches()) {
                links.add(name);
            } else {
                warnings.add("unknown variable " + name + " is ignored" + suggestion(name, known));
            }
        }
        List<String> notes = links.isEmpty() ? List.of() : List.of("ignoring " + links.size()
                + " Kubernetes service-link variable(s) (" + String.join(", ", links) + "); "
                + "enableServiceLinks: false in the pod spec stops them");
        return new UnknownVariables(List.copyOf(warnings), notes);
    }

    List<String> warnings() {
        return warnings;
    }

    List<String> notes() {
        return notes;
    }

    /** {@code "; did you mean ROSTER_X?"} when a known name is close enough to be what was meant, else empty. */
    static String suggestion(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null || !close(name, best, bestDistance)) {
            return "";
        }
        return "; did you mean " + best + "?";
    }

    // close: at most 3 edits, and at most a third (rounded up) of the longer part after ROSTER_, so that
    // ROSTER_GRACE suggests ROSTER_GRACE_MS but ROSTER_FOO does not suggest ROSTER_PORT
    private static boolean close(String name, String candidate, int distance) {
        int longer = Math.max(name.length(), candidate.length()) - PREFIX.length();
        return distance <= MAX_DISTANCE && distance * 3 <= longer + 2;
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn one name into the other. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
