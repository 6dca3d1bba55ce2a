package dev.roster.system;

import dev.roster.application.service.UseCases;
import java.time.Duration;

/** Waits out a node's grace period, so that a test can check what was (not) announced by then. */
final class Grace {
    private Grace() {
    }

    /** Past the test node's grace period and the sweep that would announce its end, with room for a slow machine. */
    static void passIt() throws InterruptedException {
        passIt(Duration.ofMillis(TestNode.GRACE_MS));
    }

    static void passIt(Duration grace) throws InterruptedException {
        Thread.sleep(grace.plus(UseCases.Settings.SWEEP_EVERY).multipliedBy(2).toMillis());
    }
}
