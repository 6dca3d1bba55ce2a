package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Random sequences of what clients and timers do to one user keep the presence model's invariants. */
class PresenceInvariantsTest {
    private static final UserId ANN = UserId.of("ann");

    @Property(tries = 300)
    void every_sequence_keeps_the_invariants(@ForAll("scripts") List<Step> script) {
        Presence p = Presence.unknown(ANN);
        Instant now = Fixtures.T0;
        for (Step step : script) {
            now = now.plusMillis(step.pauseMillis());
            Outcome outcome = step.action().apply(p, now);
            checkVersion(p, outcome);
            checkEvents(p, outcome);
            p = outcome.presence();
            checkInvariants(p);
        }
    }

    private static void checkVersion(Presence before, Outcome outcome) {
        if (outcome instanceof Outcome.Changed changed) {
            assertThat(changed.next().version()).as("a change moves the version up").isGreaterThan(before.version());
        } else {
            assertThat(outcome.presence()).as("no change keeps the very same presence").isSameAs(before);
            assertThat(outcome.events()).isEmpty();
        }
    }

    private static void checkEvents(Presence before, Outcome outcome) {
        List<PresenceEvent> events = outcome.events();
        boolean cameOnline = events.stream().anyMatch(PresenceEvent.UserCameOnline.class::isInstance);
        boolean wentOffline = events.stream().anyMatch(PresenceEvent.UserWentOffline.class::isInstance);
        assertThat(!cameOnline || before instanceof Offline && outcome.presence() instanceof Online)
                .as("only an offline user comes online; a return inside grace is silent").isTrue();
        assertThat(wentOffline).as("offline is announced exactly when the user stops being listed")
                .isEqualTo(before.listed() && !outcome.presence().listed());
        Set<RoomId> left = new HashSet<>();
        for (PresenceEvent event : events) {
            if (event instanceof PresenceEvent.LeftRoom l) {
                assertThat(before.inRoom(l.room())).as("only a member leaves %s", l.room()).isTrue();
                assertThat(outcome.presence().inRoom(l.room())).as("a room that heard the leave").isFalse();
                assertThat(left.add(l.room())).as("one leave per room").isTrue();
            }
            if (event instanceof PresenceEvent.JoinedRoom j) {
                assertThat(before.inRoom(j.room())).as("a join is announced only to a room without the user")
                        .isFalse();
            }
        }
        for (RoomId room : before.rooms()) {
            if (!outcome.presence().inRoom(room)) {
                assertThat(left).as("a room the user is no longer in heard it leave").contains(room);
            }
        }
    }

    private static void checkInvariants(Presence p) {
        assertThat(p.listed()).as("listed iff not offline").isEqualTo(!(p instanceof Offline));
        assertThat(p.sessions().isEmpty()).as("sessions only while online").isEqualTo(!(p instanceof Online));
        for (SessionEntry entry : p.sessions().values()) {
            assertThat(entry.rooms()).as("a lingering room is never also held by a session")
                    .noneMatch(p.lingering()::containsKey);
        }
        Set<RoomId> union = new HashSet<>(p.lingering().keySet());
        p.sessions().values().forEach(e -> union.addAll(e.rooms()));
        assertThat(p.rooms()).as("rooms are the sessions' rooms and the lingering ones").isEqualTo(union);
        union.forEach(room -> assertThat(p.inRoom(room)).isTrue());
        if (p instanceof Offline) {
            assertThat(p.rooms()).as("an offline user is in no room").isEmpty();
        }
        Instant farFuture = Fixtures.T0.plus(Duration.ofDays(365));
        assertThat(p.nextDeadline().isPresent()).as("a deadline iff something can expire")
                .isEqualTo(p.expire(farFuture) instanceof Outcome.Changed);
        p.nextDeadline().ifPresent(deadline -> {
            assertThat(p.expire(deadline.minusMillis(1))).as("nothing runs out before the next deadline")
                    .isInstanceOf(Outcome.Unchanged.class);
            assertThat(p.expire(deadline)).as("something runs out at it").isInstanceOf(Outcome.Changed.class);
        });
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Integer> session = Arbitraries.integers().between(1, 2);
        Arbitrary<RoomId> room = Arbitraries.of("a", "b").map(RoomId::of);
        Arbitrary<GracePeriod> grace = Arbitraries.of(0L, 3_000L, 5_000L).map(GracePeriod::ofMillis);
        Arbitrary<String> text = Arbitraries.of("", "lunch", "call").injectNull(0.4);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(3, session.map(Action::open)),
                Tuple.of(2, Combinators.combine(session, grace).as(Action::close)),
                Tuple.of(1, grace.map(Action::closeAll)),
                Tuple.of(3, Combinators.combine(session, room).as(Action::join)),
                Tuple.of(2, Combinators.combine(session, room).as(Action::leave)),
                Tuple.of(1, Combinators.combine(session, Arbitraries.of(Status.class), text)
                        .as(Action::status)),
                Tuple.of(1, Combinators.combine(session, room).as(Action::restore)),
                Tuple.of(3, Arbitraries.just(Action.expire())));
        // often no pause (two changes in one millisecond), mostly short ones so that sessions meet inside each
        // other's grace, and now and then one that outlasts it
        Arbitrary<Long> pause = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0L)),
                Tuple.of(6, Arbitraries.longs().between(0, 1_000)),
                Tuple.of(1, Arbitraries.longs().between(1_000, 6_000)));
        return Combinators.combine(action, pause).as(Step::new).list().ofMinSize(4).ofMaxSize(40);
    }

    record Step(Action action, long pauseMillis) {
    }

    /** One thing that can happen to the user; {@code name} makes shrunk counterexamples readable. */
    record Action(String name, BiFunction<Presence, Instant, Outcome> run) {
        Outcome apply(Presence p, Instant now) {
            return run.apply(p, now);
        }

        @Override
        public String toString() {
            return name;
        }

        static Session session(int n) {
            return Fixtures.sessionOf("ann", "ann-" + n);
        }

        static Action open(int n) {
            return new Action("open " + n, (p, now) -> p.open(session(n), now));
        }

        static Action close(int n, GracePeriod grace) {
            return new Action("close " + n + " " + grace.length().toMillis(),
                    (p, now) -> p.close(session(n).id(), now, grace));
        }

        static Action closeAll(GracePeriod grace) {
            return new Action("close all " + grace.length().toMillis(), (p, now) -> p.close(s -> true, now, grace));
        }

        static Action join(int n, RoomId room) {
            return new Action("join " + n + " " + room, (p, now) -> p.join(session(n).id(), room, now));
        }

        static Action leave(int n, RoomId room) {
            return new Action("leave " + n + " " + room, (p, now) -> p.leave(session(n).id(), room, now));
        }

        static Action status(int n, Status status, String text) {
            return new Action("status " + n + " " + status + " " + text,
                    (p, now) -> p.setStatus(session(n).id(), status, text, now));
        }

        static Action restore(int n, RoomId room) {
            return new Action("restore " + n + " " + room,
                    (p, now) -> p.restore(session(n), Set.of(room), Status.ONLINE, null, now));
        }

        static Action expire() {
            return new Action("expire", (p, now) -> p.expire(now));
        }
    }
}
