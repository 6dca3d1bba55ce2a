package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.roster.adapters.memory.Cluster.Node;
import dev.roster.application.fixtures.CrossNodeCursors;
import dev.roster.domain.AuthenticationException;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.QueryPresenceUseCase.NodeView;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.Limits;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The presence scenarios of the protocol (docs/PROTOCOL.md), walked through the use cases of real {@link
 * dev.roster.application.service.UseCases} on the in-memory ports. A use case completes after the bus
 * delivered what it published, so what a session was sent is known when the call returns.
 */
class PresenceScenariosTest {
    private final Cluster cluster = new Cluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private UserView user(Node node, String id) {
        return await(node.app.query().user(UserId.of(id)));
    }

    private static List<String> presence(List<PresenceNotice> notices) {
        return notices.stream().map(n -> n.room() + ":" + n.user() + ":" + n.state().wire()).toList();
    }

    private static List<String> members(List<Member> members) {
        return members.stream().map(m -> m.user() + ":" + m.state().wire() + ":" + m.sessions()).toList();
    }

    @Test
    void aCursorOfOneNodeGoesOnAtAnotherAndAForgedOneIsRefusedByEach() {
        Node a = cluster.node("node-a", "boot-a");
        Node b = cluster.node("node-b", "boot-b");
        for (int i = 0; i < 30; i++) {
            (i % 2 == 0 ? a : b).connect("u-" + i);
        }

        CrossNodeCursors.goOnAtAnotherNodeAndAForgedOneIsRefused(30, a.app.query(), b.app.query());
    }

    @Test
    void sessionsOpenedTogetherOnTwoNodesStopAtTheLimitWhereverTheyAreRefused() throws Exception {
        Node a = cluster.node("node-a", "boot-a");
        Node b = cluster.node("node-b", "boot-b");
        int limit = Limits.DEFAULT_SESSIONS_PER_USER;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Session>> tries = new ArrayList<>();
            for (int i = 0; i < limit + 8; i++) {
                Node node = i % 2 == 0 ? a : b;
                tries.add(pool.submit(() -> node.connect("ann")));
            }
            int opened = 0;
            for (Future<Session> attempt : tries) {
                try {
                    attempt.get(10, TimeUnit.SECONDS);
                    opened++;
                } catch (ExecutionException e) {
                    // refused at the early look (the handshake) or by the open itself (a racer that passed it)
                    assertThat(e.getCause()).isInstanceOfSatisfying(PresenceRejectedException.class,
                            r -> assertThat(r.rejection()).isEqualTo(Rejection.TOO_MANY_SESSIONS));
                }
            }

            assertThat(opened).isEqualTo(limit);
            assertThat(user(a, "ann").sessions()).hasSize(limit);
            assertThat(a.app.roster().size() + b.app.roster().size()).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondTabKeepsTheUserOnlineWhenTheFirstCloses() {
        Node node = cluster.node("node-a", "boot-1");
        Session annTab1 = node.connect("ann");
        Session annTab2 = node.connect("ann");
        Session bob = node.connect("bob");
        node.join(annTab1, "hall");
        node.join(annTab2, "hall");
        assertThat(members(node.join(bob, "hall"))).containsExactly("ann:online:2", "bob:online:1");

        node.disconnect(annTab1);

        assertThat(user(node, "ann").state()).isEqualTo(PresenceState.ONLINE);
        assertThat(user(node, "ann").sessions()).containsExactly(annTab2);
        assertThat(members(node.who(bob, "hall"))).containsExactly("ann:online:1", "bob:online:1");
        assertThat(node.gateway.noticesTo(bob)).as("bob hears ann's count, and nothing else")
                .extracting(PresenceNotice::user, PresenceNotice::state, PresenceNotice::sessions)
                .containsExactly(tuple(UserId.of("ann"), PresenceState.ONLINE, 1));
        node.say(bob, "hall", "still there?");
        assertThat(node.gateway.messagesTo(annTab2)).extracting(ChatMessage::text).containsExactly("still there?");
        assertThat(node.gateway.messagesTo(annTab1)).isEmpty();
    }

    @Test
    void aWatcherHearsTheDeviceCountOfAMemberGoUpAndDownWithItsStatusText() {
        Node node = cluster.node("node-a", "boot-1");
        Session watcher = node.connect("watcher");
        node.join(watcher, "hall");
        Session annLaptop = node.connect("ann");
        node.join(annLaptop, "hall");
        node.setStatus(annLaptop, Status.BUSY, "call");

        Session annPhone = node.connect("ann");
        node.disconnect(annPhone);

        assertThat(node.gateway.noticesTo(watcher))
                .extracting(PresenceNotice::state, PresenceNotice::text, PresenceNotice::sessions)
                .containsExactly(tuple(PresenceState.ONLINE, null, 1), tuple(PresenceState.BUSY, "call", 1),
                        tuple(PresenceState.BUSY, "call", 2), tuple(PresenceState.BUSY, "call", 1));
        assertThat(node.gateway.noticesTo(annLaptop)).extracting(PresenceNotice::sessions)
                .as("ann's other device hears its own count too").containsExactly(2, 1);
    }

    @Test
    void joinLeaveStatusAndSayReachTheRightSessions() {
        Node node = cluster.node("node-a", "boot-1");
        Session ann = node.connect("ann");
        Session bob = node.connect("bob");
        Session cat = node.connect("cat");

        assertThat(members(node.join(ann, "hall"))).containsExactly("ann:online:1");
        assertThat(members(node.join(bob, "hall"))).containsExactly("ann:online:1", "bob:online:1");
        assertThat(members(node.join(cat, "hall"))).containsExactly("ann:online:1", "bob:online:1", "cat:online:1");
        node.say(bob, "hall", "hi");
        node.setStatus(ann, Status.AWAY, "lunch");
        node.leave(cat, "hall");
        node.say(bob, "hall", "bye");

        assertThat(presence(node.gateway.noticesTo(ann)))
                .containsExactly("hall:bob:online", "hall:cat:online", "hall:cat:offline");
        assertThat(presence(node.gateway.noticesTo(bob)))
                .containsExactly("hall:cat:online", "hall:ann:away", "hall:cat:offline");
        assertThat(presence(node.gateway.noticesTo(cat))).containsExactly("hall:ann:away");
        assertThat(node.gateway.noticesTo(bob).get(1).text()).isEqualTo("lunch");
        for (Session heardBoth : List.of(ann, bob)) {
            assertThat(node.gateway.messagesTo(heardBoth)).extracting(ChatMessage::from, ChatMessage::text)
                    .containsExactly(tuple(bob.user(), "hi"), tuple(bob.user(), "bye"));
        }
        assertThat(node.gateway.messagesTo(cat)).extracting(ChatMessage::text).containsExactly("hi");
        assertThatThrownBy(() -> node.say(cat, "hall", "let me back"))
                .isInstanceOfSatisfying(PresenceRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_MEMBER));
        assertThatThrownBy(() -> node.leave(cat, "hall")).isInstanceOf(PresenceRejectedException.class);
        assertThat(members(node.who(ann, "hall"))).containsExactly("ann:away:1", "bob:online:1");
    }

    @Test
    void aReconnectInsideTheGraceAnnouncesNothing() {
        Node node = cluster.node("node-a", "boot-1");
        Session ann = node.connect("ann");
        Session bob = node.connect("bob");
        node.join(ann, "hall");
        node.join(bob, "hall");

        node.disconnect(ann);
        assertThat(user(node, "ann").state()).isEqualTo(PresenceState.ONLINE);
        assertThat(await(node.app.query().onlineCount())).isEqualTo(2);
        cluster.advance(Duration.ofSeconds(10));
        Session annAgain = node.connect("ann");
        assertThat(members(node.join(annAgain, "hall"))).containsExactly("ann:online:1", "bob:online:1");
        cluster.advance(Cluster.GRACE.length());
        assertThat(await(node.app.expireGrace().expireDue())).isZero();

        assertThat(node.gateway.noticesTo(bob)).isEmpty();
        assertThat(user(node, "ann").sessions()).containsExactly(annAgain);
    }

    @Test
    void graceExpiryAnnouncesOfflineInEveryRoomTheUserLingeredIn() {
        Node node = cluster.node("node-a", "boot-1");
        await(node.app.housekeeping().start());
        Session ann = node.connect("ann");
        Session bob = node.connect("bob");
        Session cat = node.connect("cat");
        node.join(ann, "hall");
        node.join(ann, "den");
        node.join(bob, "hall");
        node.join(cat, "den");
        Instant closedAt = cluster.clock.now();

        node.disconnect(ann);
        assertThat(node.gateway.noticesTo(bob)).isEmpty();
        cluster.advance(Cluster.GRACE.length());

        // the periodic sweep on the real scheduler finds the deadline
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.gateway.noticesTo(cat).isEmpty());
        assertThat(presence(node.gateway.noticesTo(bob))).containsExactly("hall:ann:offline");
        assertThat(presence(node.gateway.noticesTo(cat))).containsExactly("den:ann:offline");
        assertThat(user(node, "ann").state()).isEqualTo(PresenceState.OFFLINE);
        assertThat(user(node, "ann").lastSeen()).isEqualTo(closedAt);
        assertThat(members(await(node.app.query().room(RoomId.of("hall"))))).containsExactly("bob:online:1");
        assertThat(await(node.app.query().onlineCount())).isEqualTo(2);
    }

    @Test
    void theSessionsOfALapsedBootAreClosedByAnotherNode() {
        Node dead = cluster.node("node-a", "boot-a1");
        Node restarted = cluster.node("node-a", "boot-a2");
        Node reaper = cluster.node("node-b", "boot-b1");
        Session ann = dead.connect("ann");
        dead.join(ann, "hall");
        await(dead.app.nodeLeases().heartbeat());
        Session dan = restarted.connect("dan");
        Session bob = reaper.connect("bob");
        reaper.join(bob, "hall");

        cluster.advance(Cluster.LEASE.plusSeconds(1));
        await(restarted.app.nodeLeases().heartbeat());
        await(reaper.app.nodeLeases().heartbeat());
        assertThat(await(reaper.app.nodeLeases().reapLapsed())).isEqualTo(1);

        assertThat(user(reaper, "ann").sessions()).isEmpty();
        assertThat(user(reaper, "dan").sessions()).containsExactly(dan);
        assertThat(await(cluster.store.usersOn(new NodeBoot(NodeId.of("node-a"), "boot-a1")))).isEmpty();
        assertThat(await(reaper.app.query().nodes())).extracting(NodeView::id).containsExactly(
                new NodeBoot(NodeId.of("node-a"), "boot-a2"), new NodeBoot(NodeId.of("node-b"), "boot-b1"));
        assertThat(await(reaper.app.nodeLeases().reapLapsed())).isZero();
        assertThat(reaper.gateway.noticesTo(bob)).isEmpty();

        cluster.advance(Cluster.GRACE.length());
        assertThat(await(reaper.app.expireGrace().expireDue())).isEqualTo(1);
        assertThat(presence(reaper.gateway.noticesTo(bob))).containsExactly("hall:ann:offline");
    }

    @Test
    void restoreAllPutsBackWhatTheStoreLostWithoutAnnouncingAnything() {
        Node node = cluster.node("node-a", "boot-1");
        Session ann = node.connect("ann");
        Session bob = node.connect("bob");
        node.join(ann, "hall");
        node.join(bob, "hall");
        node.join(bob, "den");
        node.setStatus(ann, Status.BUSY, "focus");
        int sentBefore = node.gateway.total();

        cluster.store.loseEverything();
        assertThat(user(node, "ann").state()).isEqualTo(PresenceState.OFFLINE);
        assertThat(await(node.app.restore().restoreAll())).isEqualTo(2);

        assertThat(node.gateway.total()).isEqualTo(sentBefore);
        UserView annView = user(node, "ann");
        assertThat(annView.status()).isEqualTo(Status.BUSY);
        assertThat(annView.statusText()).isEqualTo("focus");
        assertThat(annView.rooms()).containsExactly(RoomId.of("hall"));
        assertThat(user(node, "bob").rooms()).containsExactlyInAnyOrder(RoomId.of("hall"), RoomId.of("den"));
        assertThat(await(node.app.query().onlineCount())).isEqualTo(2);
        cluster.advance(Cluster.GRACE.length().multipliedBy(2));
        assertThat(await(node.app.expireGrace().expireDue())).isZero();
        assertThat(node.gateway.total()).isEqualTo(sentBefore);

        Session cat = node.connect("cat");
        assertThat(members(node.join(cat, "hall"))).containsExactly("ann:busy:1", "bob:online:1", "cat:online:1");
        assertThat(presence(node.gateway.noticesTo(ann))).endsWith("hall:cat:online");
    }

    @Test
    void credentialsThatProveNothingRegisterNothing() {
        Node node = cluster.node("node-a", "boot-1");

        assertThatThrownBy(() -> node.connect(null)).isInstanceOf(AuthenticationException.class);

        assertThat(await(node.app.query().onlineCount())).isZero();
        assertThat(node.app.roster().size()).isZero();
    }
}
