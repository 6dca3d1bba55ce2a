package dev.roster.bench.truth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The comparison of what {@code /api/online} lists with what the generator knows is open. Exact only when every
 * expected user is listed, nobody else is, and nobody is listed twice (the protocol says "exactly once").
 */
public record Truth(int expected, int listed, List<String> missing, List<String> unexpected, List<String> duplicated) {
    private static final int SHOWN = 5;

    public Truth {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        duplicated = List.copyOf(duplicated);
    }

    /** Compares the users the generator holds open with the users listed across all pages, in listed order. */
    public static Truth compare(Set<String> open, List<String> listedPages) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new TreeSet<>();
        for (String user : listedPages) {
            if (!seen.add(user)) {
                duplicated.add(user);
            }
        }
        Set<String> missing = new TreeSet<>(open);
        missing.removeAll(seen);
        Set<String> unexpected = new TreeSet<>(seen);
        unexpected.removeAll(open);
        return new Truth(open.size(), listedPages.size(), new ArrayList<>(missing), new ArrayList<>(unexpected),
                new ArrayList<>(duplicated));
    }

    public boolean exact() {
        return missing.isEmpty() && unexpected.isEmpty() && duplicated.isEmpty();
    }

    public String describe() {
        if (exact()) {
            return "exact (" + expected + " open, " + listed + " listed)";
        }
        return "DIFFERS: " + expected + " open, " + listed + " listed; missing " + sample(missing)
                + "; unexpected " + sample(unexpected) + "; listed twice " + sample(duplicated);
    }

    private static String sample(List<String> users) {
        if (users.size() <= SHOWN) {
            return users.size() + " " + users;
        }
        return users.size() + " " + users.subList(0, SHOWN) + "...";
    }
}
