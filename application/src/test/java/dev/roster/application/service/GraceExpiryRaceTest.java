package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.fixtures.InMemoryEventLog;
import dev.roster.application.fixtures.InMemorySessionRegistry;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.Limits;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Online;
import dev.roster.domain.Outcome;
import dev.roster.domain.Session;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart under load: node A closes a user's last session, the client reconnects to node B inside the
 * grace period, but B's open reaches the store only after A's sweep has expired the grace. Whatever the store did
 * first, the event log's times must tell the same story as its order: a user announced offline was back only after
 * the grace period, by the times the log publishes, and no event of the user goes back in time.
 */
class GraceExpiryRaceTest {
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final InMemorySessionRegistry store = new InMemorySessionRegistry(log);
    private final TestNode a = new TestNode();
    private final TestNode b = new TestNode();
    private final HeldRegistry slowToB = new HeldRegistry(store);
    private final ConnectService connectOnA = new ConnectService(store, a.clock, TestNode.IDENTITY, a.roster,
            a.announcer, Limits.DEFAULT);
    private final DisconnectService disconnectOnA = new DisconnectService(store, a.clock, TestNode.GRACE, a.roster,
            a.subscriptions, a.announcer, a.scheduler);
    private final ExpireGraceService sweepOnA = new ExpireGraceService(store, a.directory, a.clock, a.announcer,
            a.timers, SweepTurns.always(TestNode.IDENTITY));
    private final ConnectService connectOnB = new ConnectService(slowToB, b.clock,
            new NodeBoot(NodeId.of("node-b"), "boot-b"), b.roster, b.announcer, Limits.DEFAULT);

    @Test
    void an_open_that_reaches_the_store_after_the_grace_expired_is_stamped_after_the_offline() {
        Session onA = value(connectOnA.connect(new ConnectCommand(user("ann"), "web")));
        value(disconnectOnA.disconnect(onA));

        // the client is back on B 2.5 s after the close, inside the grace period, but its commit waits
        b.clock.advanceMillis(2_500);
        slowToB.hold();
        CompletionStage<Session> reconnect = connectOnB.connect(new ConnectCommand(user("ann"), "web"));
        // meanwhile A's sweep finds the grace over, 3.2 s after the close
        a.clock.advanceMillis(3_200);
        value(sweepOnA.expire(user("ann")));
        slowToB.release();
        Session onB = value(reconnect);

        assertThat(store.presence(user("ann"))).isInstanceOfSatisfying(Online.class,
                p -> assertThat(p.sessions()).containsOnlyKeys(onB.id()));
        List<LoggedEvent> events = log.all();
        assertThat(events).extracting(LoggedEvent::type).containsExactly(LoggedEvent.USER_ONLINE,
                LoggedEvent.SESSION_OPENED, LoggedEvent.SESSION_CLOSED, LoggedEvent.USER_OFFLINE,
                LoggedEvent.USER_ONLINE, LoggedEvent.SESSION_OPENED);
        assertThat(events).extracting(LoggedEvent::at).as("never back in time")
                .containsExactly(at(0), at(0), at(0), at(3_200), at(3_200), at(3_200));
        Instant closed = events.get(2).at();
        Instant reopened = events.get(5).at();
        assertThat(reopened).as("announced offline, so back no earlier than the grace period's end")
                .isAfterOrEqualTo(closed.plus(TestNode.GRACE.length()));
    }

    @Test
    void an_open_that_reaches_the_store_first_cancels_the_grace_and_keeps_its_own_time() {
        Session onA = value(connectOnA.connect(new ConnectCommand(user("ann"), "web")));
        value(disconnectOnA.disconnect(onA));

        b.clock.advanceMillis(2_500);
        Session onB = value(connectOnB.connect(new ConnectCommand(user("ann"), "web")));
        a.clock.advanceMillis(3_200);
        value(sweepOnA.expire(user("ann")));

        assertThat(store.presence(user("ann")).sessions()).containsOnlyKeys(onB.id());
        assertThat(log.all()).extracting(LoggedEvent::type).containsExactly(LoggedEvent.USER_ONLINE,
                LoggedEvent.SESSION_OPENED, LoggedEvent.SESSION_CLOSED, LoggedEvent.SESSION_OPENED);
        assertThat(log.all()).extracting(LoggedEvent::at).containsExactly(at(0), at(0), at(0), at(2_500));
    }

    /** The store as one node reaches it: while held, its transitions wait (a commit queued behind others). */
    private static final class HeldRegistry implements SessionRegistry {
        private final SessionRegistry store;
        private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        HeldRegistry(SessionRegistry store) {
            this.store = store;
        }

        void hold() {
            gate = new CompletableFuture<>();
        }

        void release() {
            gate.complete(null);
        }

        @Override
        public CompletionStage<Outcome> apply(UserId user, Transition transition) {
            return gate.thenCompose(ready -> store.apply(user, transition));
        }
    }
}
