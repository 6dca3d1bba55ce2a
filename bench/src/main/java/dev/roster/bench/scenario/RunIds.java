package dev.roster.bench.scenario;

import java.util.Locale;

/** Names that differ from one run to the next, within the protocol's id rule ({@code [A-Za-z0-9_.@:-]}, 64 max). */
final class RunIds {
    private RunIds() {
    }

    static String room(String scenario) {
        return scenario + "-" + Long.toString(System.currentTimeMillis(), 36).toLowerCase(Locale.ROOT);
    }
}
