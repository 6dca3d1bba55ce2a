package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of what clients and timers do to one user keep the presence model's invariants. Each sequence
 * comes from a fixed seed, so a failure names the seed that reproduces it.
 */
class PresenceInvariantsTest {
    private static final UserId ANN = UserId.of("ann");
    private static final long[] GRACES = {0L, 3_000L, 5_000L};
    private static final String[] TEXTS = {"", "lunch", "call", null, null};
    private static final RoomId[] ROOMS = {RoomId.of("a"), RoomId.of("b")};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void every_sequence_keeps_the_invariants(long seed) {
        List<Step> script = script(new Random(seed));
        Presence p = Presence.unknown(ANN);
        Instant now = Fixtures.T0;
        Instant last = Instant.MIN;
        for (Step step : script) {
            now = now.plusMillis(step.pauseMillis());
            Outcome outcome = step.action().apply(p, now);
            checkVersion(p, outcome);
            checkEvents(p, outcome);
            last = checkTimes(p, outcome, last);
            p = outcome.presence();
            checkInvariants(p);
        }
    }

    /**
     * The user's events never go back in time, by the millisecond the event log publishes, even when a step's clock
     * is behind the one before (another node's clock, or a commit that another node's change overtook); offline
     * comes no earlier than the deadline it ends. Returns the latest time so far.
     */
    private static Instant checkTimes(Presence before, Outcome outcome, Instant last) {
        for (PresenceEvent event : outcome.events()) {
            Instant at = event.at();
            assertThat(at.toEpochMilli()).as("%s is not earlier than the user's event before it", event)
                    .isGreaterThanOrEqualTo(last.equals(Instant.MIN) ? Long.MIN_VALUE : last.toEpochMilli());
            if (event instanceof PresenceEvent.UserWentOffline && before instanceof PendingOffline pending) {
                assertThat(at).as("offline no earlier than the grace deadline").isAfterOrEqualTo(pending.deadline());
            }
            last = at.isAfter(last) ? at : last;
        }
        return last;
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
        for (RoomId room : outcome.presence().rooms()) {
            if (!before.inRoom(room)) {
                assertThat(events).as("a room the user is now in heard it join").anyMatch(e ->
                        e instanceof PresenceEvent.JoinedRoom j && j.room().equals(room));
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

    private static List<Step> script(Random random) {
        int length = 4 + random.nextInt(37);
        List<Step> steps = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            steps.add(new Step(action(random), pause(random)));
        }
        return steps;
    }

    /** Weighted like what happens to real users: opens, joins and expiries most often. */
    private static Action action(Random random) {
        int session = 1 + random.nextInt(2);
        RoomId room = ROOMS[random.nextInt(ROOMS.length)];
        GracePeriod grace = GracePeriod.ofMillis(GRACES[random.nextInt(GRACES.length)]);
        int pick = random.nextInt(17);
        if (pick < 3) {
            return Action.open(session);
        } else if (pick < 5) {
            return Action.close(session, grace);
        } else if (pick < 6) {
            return Action.closeAll(grace);
        } else if (pick < 9) {
            return Action.join(session, room);
        } else if (pick < 11) {
            return Action.leave(session, room);
        } else if (pick < 12) {
            Status status = Status.values()[random.nextInt(Status.values().length)];
            return Action.status(session, status, TEXTS[random.nextInt(TEXTS.length)]);
        } else if (pick < 13) {
            return Action.restore(session, room);
        } else if (pick < 14) {
            return Action.reconcile(random.nextBoolean() ? Set.of() : Set.of(session), room, grace);
        }
        return Action.expire();
    }

    // often no pause (two changes in one millisecond), mostly short ones so that sessions meet inside each
    // other's grace, now and then one that outlasts it, and now and then a step back: a node whose clock is behind,
    // or a change whose time was taken before another's commit overtook it
    private static long pause(Random random) {
        int pick = random.nextInt(10);
        if (pick < 2) {
            return 0;
        }
        if (pick == 9) {
            return -random.nextInt(4_001);
        }
        return pick < 8 ? random.nextInt(1_001) : 1_000 + random.nextInt(5_001);
    }

    record Step(Action action, long pauseMillis) {
    }

    /** One thing that can happen to the user; {@code name} makes a failing script readable. */
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

        static Action reconcile(Set<Integer> held, RoomId room, GracePeriod grace) {
            List<SessionEntry> entries = held.stream().map(n -> new SessionEntry(session(n), Set.of(room))).toList();
            return new Action("reconcile " + held + " " + room + " " + grace.length().toMillis(),
                    (p, now) -> p.reconcile(NodeBoot.of(session(1)), entries, Status.AWAY, "back", now, grace));
        }

        static Action expire() {
            return new Action("expire", (p, now) -> p.expire(now));
        }
    }
}
