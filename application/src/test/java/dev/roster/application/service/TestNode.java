package dev.roster.application.service;

import static dev.roster.application.fixtures.Stages.done;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.InMemorySessionRegistry;
import dev.roster.application.fixtures.ManualScheduler;
import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts every use case of one node shares, real where they hold logic (registry fake, roster, timers,
 * announcer) and Mockito mocks where they only carry things away (buses, telemetry, directory). Use cases are
 * built from it by each test, so that a test shows what its service is given.
 */
final class TestNode {
    static final GracePeriod GRACE = GracePeriod.ofMillis(3_000);
    static final NodeBoot IDENTITY = new NodeBoot(Sessions.NODE, Sessions.BOOT);
    static final NodeBoot IDENTITY_BOOT = new NodeBoot(Sessions.NODE, Sessions.BOOT);

    final InMemorySessionRegistry registry = new InMemorySessionRegistry();
    final FixedClock clock = new FixedClock();
    final ManualScheduler scheduler = new ManualScheduler();
    final PresenceEventBus presenceBus = mock(PresenceEventBus.class);
    final RoomMessageBus messageBus = mock(RoomMessageBus.class);
    final Telemetry telemetry = mock(Telemetry.class);
    final PresenceDirectory directory = mock(PresenceDirectory.class);
    final ActivityFeed feed = mock(ActivityFeed.class);
    final LocalRoster roster = new LocalRoster();
    final GraceTimers timers = new GraceTimers(scheduler, clock);
    final Announcer announcer = new Announcer(presenceBus, telemetry, timers);
    final Subscriptions subscriptions = new Subscriptions(presenceBus, messageBus);

    TestNode() {
        when(presenceBus.publish(any())).thenReturn(done(null));
        when(messageBus.publish(any())).thenReturn(done(null));
        when(feed.publish(any())).thenReturn(done(null));
    }

    /** A session of this node, registered in the store and held in the roster, at the clock's time. */
    Session connected(String user, String id) {
        Session session = Sessions.session(user, id, Sessions.NODE, Sessions.BOOT, clock.now());
        apply(session, p -> p.open(session, clock.now()));
        roster.add(session);
        return session;
    }

    /** A session held by another node, registered in the store only. */
    Session elsewhere(String user, String id) {
        Session session = Sessions.session(user, id, NodeId.of("node-b"), "boot-b", clock.now());
        apply(session, p -> p.open(session, clock.now()));
        return session;
    }

    /** The other node's session has joined the room in the store. */
    void joinedElsewhere(Session session, String room) {
        apply(session, p -> p.join(session.id(), RoomId.of(room), clock.now()));
    }

    /** The session has joined the room in the store and in the roster; what that published is forgotten. */
    void joined(Session session, String room) {
        RoomId id = RoomId.of(room);
        apply(session, p -> p.join(session.id(), id, clock.now()));
        roster.join(session.id(), id, subscriptions::subscribe);
        forgetInteractions();
    }

    /**
     * The directory's room index holds {@code indexed} for the room (possibly stale), and its lookups read the
     * registry, as a real store's would.
     */
    void roomIndex(String room, String... indexed) {
        // kept in the order given, so that a caller that forgot to sort shows it
        Set<UserId> users = Arrays.stream(indexed).map(UserId::of)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        when(directory.roomMembers(RoomId.of(room))).thenReturn(done(users));
        // pages as a store keeps them: sorted by id, after the position, one more read to know whether a page follows
        doAnswer(call -> {
            int limit = call.getArgument(1);
            UserId after = call.getArgument(2);
            List<UserId> rest = users.stream().sorted().filter(u -> after == null || u.compareTo(after) > 0).toList();
            List<UserId> shown = rest.stream().limit(limit).toList();
            return done(new PresenceDirectory.RoomPage(shown, rest.size() > limit ? shown.get(limit - 1) : null));
        }).when(directory).roomMembers(eq(RoomId.of(room)), anyInt(), any());
        doAnswer(call -> {
            Collection<UserId> asked = call.getArgument(0);
            return done(asked.stream().map(registry::presence).toList());
        }).when(directory).findAll(any());
        doAnswer(call -> done(registry.presence(call.getArgument(0)))).when(directory).find(any());
    }

    Presence presence(String user) {
        return registry.presence(Sessions.user(user));
    }

    /** Every presence notice published so far, in order. */
    List<PresenceNotice> notices() {
        return mockingDetails(presenceBus).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("publish"))
                .map(i -> (PresenceNotice) i.getArgument(0))
                .toList();
    }

    void forgetInteractions() {
        clearInvocations(presenceBus, messageBus, telemetry, directory, feed);
    }

    private void apply(Session session, dev.roster.domain.Transition transition) {
        Outcome outcome = registry.apply(session.user(), transition).toCompletableFuture().join();
        if (!(outcome instanceof Outcome.Changed)) {
            throw new IllegalStateException("fixture step did not change anything: " + outcome);
        }
    }
}
