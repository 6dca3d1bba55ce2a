package dev.roster.adapters.jsonlines.bad;

import dev.roster.adapters.javalin.WebUseCases;

/**
 * Deliberately wrong, and never used: a class of the test-only publisher that reaches into another adapter (the
 * web side). {@code dev.roster.extending.AdapterRulesTest} proves that the rule EXTENDING.md gives a new adapter
 * catches it, so that the rule's passing on the publisher itself means something.
 */
final class ReachesIntoTheWebSide {
    private ReachesIntoTheWebSide() {
    }

    static boolean eventsServed(WebUseCases useCases) {
        return useCases.events() != null;
    }
}
