package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

/** Fixed instants, a grace period and the entry points of the test DSL: {@code aUser("ann").withSessions(2)}. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final GracePeriod GRACE = GracePeriod.ofMillis(3_000);
    static final NodeId NODE = NodeId.of("node-a");
    static final String BOOT = "boot-1";

    private Fixtures() {
    }

    /** {@code millis} after {@link #T0}: every test speaks of time this way, so nothing depends on the wall clock. */
    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    static UserFixture aUser(String name) {
        return new UserFixture(UserId.of(name));
    }

    static RoomId room(String name) {
        return RoomId.of(name);
    }

    static Session sessionOf(String user, String id) {
        return new Session(SessionId.of(id), UserId.of(user), NODE, BOOT, "web", T0);
    }

    static Session sessionOf(String user, String id, NodeId node, String boot) {
        return new Session(SessionId.of(id), UserId.of(user), node, boot, "web", T0);
    }

    /** The outcome must be a change; returns it so the test can look at the next presence and the events. */
    static Outcome.Changed changed(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Changed.class);
        return (Outcome.Changed) outcome;
    }

    static void assertUnchanged(Outcome outcome, Presence before) {
        assertThat(outcome).isEqualTo(new Outcome.Unchanged(before));
        assertThat(outcome.events()).isEmpty();
    }

    static void assertRejected(Outcome outcome, Presence before, Rejection reason) {
        assertThat(outcome).isEqualTo(new Outcome.Rejected(before, reason));
        assertThat(outcome.events()).isEmpty();
    }
}
