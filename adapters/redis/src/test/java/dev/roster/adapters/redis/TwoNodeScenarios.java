package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.application.fixtures.CrossNodeCursors;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.Limits;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes, each with its own Lettuce clients, on one Redis: they must behave as one node does. */
abstract class TwoNodeScenarios {
    private static final Duration GRACE = Duration.ofMillis(500);
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RoomId ROOM = RoomId.of("lobby");

    private RedisNode a;
    private RedisNode b;

    abstract TestRedis redis();

    @BeforeEach
    void startNodes() {
        redis().flush();
        a = RedisNode.start(redis(), "node-a", GRACE, LEASE);
        b = RedisNode.start(redis(), "node-b", GRACE, LEASE);
    }

    @AfterEach
    void stopNodes() {
        for (RedisNode node : new RedisNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static Session connect(RedisNode node, String user) {
        return node.app().connect().connect(new ConnectCommand(UserId.of(user), "test"))
                .toCompletableFuture().join();
    }

    private static void join(RedisNode node, Session session) {
        node.app().join().join(new JoinCommand(session, ROOM, RoomGrants.ALL)).toCompletableFuture().join();
    }

    private static Presence find(RedisNode node, String user) {
        return node.store().presence().find(UserId.of(user)).toCompletableFuture().join();
    }

    private static List<PresenceNotice> noticesAbout(RedisNode node, Session watcher, String user) {
        return node.sentTo(watcher.id()).stream()
                .filter(e -> e instanceof PresenceNotice n && n.user().value().equals(user))
                .map(e -> (PresenceNotice) e).toList();
    }

    /** The notices that tell of a join, a status or a leave, without those that only count sessions. */
    private static List<PresenceNotice> changesOf(RedisNode node, Session watcher, String user) {
        return noticesAbout(node, watcher, user).stream().filter(n -> !n.countOnly()).toList();
    }

    private static PresenceNotice lastAbout(RedisNode node, Session watcher, String user) {
        List<PresenceNotice> notices = noticesAbout(node, watcher, user);
        return notices.isEmpty() ? null : notices.get(notices.size() - 1);
    }

    private static boolean hasSessions(PresenceNotice notice, int sessions) {
        return notice != null && Integer.valueOf(sessions).equals(notice.sessions());
    }

    /** Behind a load balancer, the pages of one listing are often asked of different nodes. */
    @Test
    void aCursorOfOneNodeGoesOnAtTheOtherAndAForgedOneIsRefusedByEach() {
        for (int i = 0; i < 30; i++) {
            connect(i % 2 == 0 ? a : b, "u-" + i);
        }

        CrossNodeCursors.goOnAtAnotherNodeAndAForgedOneIsRefused(30, a.app().query(), b.app().query());
    }

    @Test
    void fiveHundredRacingOpenClosePairsOfOneUserLeaveItExact() throws Exception {
        Session watcher = connect(b, "watcher");
        join(b, watcher);
        Session anchor = connect(a, "ann");
        join(a, anchor);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> pairs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                RedisNode node = i % 2 == 0 ? a : b;
                pairs.add(pool.submit(() -> {
                    Session s = connect(node, "ann");
                    join(node, s);
                    node.app().disconnect().disconnect(s).toCompletableFuture().join();
                }));
            }
            for (Future<?> pair : pairs) {
                pair.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (RedisNode node : new RedisNode[] {a, b}) {
            Presence ann = find(node, "ann");
            assertThat(ann.state()).isEqualTo(PresenceState.ONLINE);
            assertThat(ann.sessions()).containsOnlyKeys(anchor.id());
            assertThat(ann.rooms()).containsExactly(ROOM);
            assertThat(node.store().presence().onlineCount().toCompletableFuture().join()).isEqualTo(2);
            assertThat(node.store().presence().usersOn(new NodeBoot(NodeId.of("node-b"), b.app().node().boot()))
                    .toCompletableFuture().join()).containsExactly(UserId.of("watcher"));
        }
        assertThat(changesOf(b, watcher, "ann")).extracting(PresenceNotice::state)
                .containsExactly(PresenceState.ONLINE);
        // counts that crossed on the way were dropped as stale: the watcher ends on the true one
        await().atMost(WAIT).until(() -> hasSessions(lastAbout(b, watcher, "ann"), 1));

        a.app().disconnect().disconnect(anchor).toCompletableFuture().join();

        await().atMost(WAIT).until(() -> find(b, "ann").state() == PresenceState.OFFLINE
                && changesOf(b, watcher, "ann").size() == 2);
        assertThat(changesOf(b, watcher, "ann")).extracting(PresenceNotice::state)
                .containsExactly(PresenceState.ONLINE, PresenceState.OFFLINE);
        assertThat(find(a, "ann").sessions()).isEmpty();
        assertThat(a.store().presence().onlineCount().toCompletableFuture().join()).isEqualTo(1);
        assertThat(a.store().presence().online(10, null).toCompletableFuture().join().users())
                .containsExactly(UserId.of("watcher"));
        assertThat(a.store().presence().roomMembers(ROOM).toCompletableFuture().join())
                .containsExactly(UserId.of("watcher"));
    }

    @Test
    void aMemberOnOneNodeSeesAJoinAndHearsWhatIsSaidOnTheOther() {
        Session bob = connect(b, "bob");
        join(b, bob);
        Session ann = connect(a, "ann");
        join(a, ann);

        await().atMost(WAIT).until(() -> !noticesAbout(b, bob, "ann").isEmpty());
        assertThat(noticesAbout(b, bob, "ann")).extracting(PresenceNotice::state)
                .containsExactly(PresenceState.ONLINE);

        a.app().say().say(new SayCommand(ann, ROOM, "hello from a")).toCompletableFuture().join();

        await().atMost(WAIT).until(() -> chats(b, bob).contains("hello from a")
                && chats(a, ann).contains("hello from a"));
        assertThat(a.app().who().who(new WhoCommand(ann, ROOM)).toCompletableFuture().join().members())
                .extracting(m -> m.user().value()).containsExactly("ann", "bob");
    }

    @Test
    void aMemberOnOneNodeHearsTheDeviceCountOfAUserOnTheOtherChange() {
        Session watcher = connect(b, "watcher");
        join(b, watcher);
        Session laptop = connect(a, "ann");
        join(a, laptop);
        await().atMost(WAIT).until(() -> lastAbout(b, watcher, "ann") != null);

        Session phone = connect(a, "ann");
        await().atMost(WAIT).until(() -> hasSessions(lastAbout(b, watcher, "ann"), 2));
        Session tablet = connect(b, "ann");
        await().atMost(WAIT).until(() -> hasSessions(lastAbout(b, watcher, "ann"), 3));
        a.app().disconnect().disconnect(phone).toCompletableFuture().join();
        await().atMost(WAIT).until(() -> hasSessions(lastAbout(b, watcher, "ann"), 2));
        b.app().disconnect().disconnect(tablet).toCompletableFuture().join();
        await().atMost(WAIT).until(() -> hasSessions(lastAbout(b, watcher, "ann"), 1));

        assertThat(noticesAbout(b, watcher, "ann"))
                .extracting(PresenceNotice::state, PresenceNotice::sessions, PresenceNotice::countOnly)
                .containsExactly(tuple(PresenceState.ONLINE, 1, false), tuple(PresenceState.ONLINE, 2, true),
                        tuple(PresenceState.ONLINE, 3, true), tuple(PresenceState.ONLINE, 2, true),
                        tuple(PresenceState.ONLINE, 1, true));
        assertThat(find(b, "ann").sessions()).containsOnlyKeys(laptop.id());
    }

    private static List<String> chats(RedisNode node, Session session) {
        List<ClientEvent> events = node.sentTo(session.id());
        return events.stream().filter(e -> e instanceof ChatMessage).map(e -> ((ChatMessage) e).text()).toList();
    }

    @Test
    void sessionsOfANodeThatStopsBeatingAreReapedByTheOther() {
        Session bob = connect(b, "bob");
        join(b, bob);
        RedisNode shortLived = RedisNode.start(redis(), "node-c", GRACE, Duration.ofMillis(900));
        try {
            Session carl = connect(shortLived, "carl");
            join(shortLived, carl);
            await().atMost(WAIT).until(() -> !noticesAbout(b, bob, "carl").isEmpty());
        } finally {
            shortLived.close();
        }
        CompletableFuture<Void> reaped = CompletableFuture.runAsync(() -> await().atMost(WAIT)
                .until(() -> b.app().nodeLeases().reapLapsed().toCompletableFuture().join() > 0
                        || find(b, "carl").sessions().isEmpty()));
        reaped.join();

        await().atMost(WAIT).until(() -> find(b, "carl").state() == PresenceState.OFFLINE);
        await().atMost(WAIT).until(() -> noticesAbout(b, bob, "carl").size() == 2);
        assertThat(noticesAbout(b, bob, "carl")).extracting(PresenceNotice::state)
                .containsExactly(PresenceState.ONLINE, PresenceState.OFFLINE);
    }

    @Test
    void a_user_opening_sessions_on_both_nodes_at_once_never_has_more_than_the_limit() throws Exception {
        int limit = Limits.DEFAULT_SESSIONS_PER_USER;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Session>> tries = new ArrayList<>();
            for (int i = 0; i < limit + 8; i++) {
                RedisNode node = i % 2 == 0 ? a : b;
                tries.add(pool.submit(() -> connect(node, "ann")));
            }
            int opened = 0;
            int refused = 0;
            for (Future<Session> attempt : tries) {
                try {
                    attempt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    opened++;
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c
                            ? c.getCause() : e.getCause();
                    assertThat(cause).isInstanceOfSatisfying(PresenceRejectedException.class,
                            r -> assertThat(r.rejection()).isEqualTo(Rejection.TOO_MANY_SESSIONS));
                    refused++;
                }
            }

            assertThat(opened).isEqualTo(limit);
            assertThat(refused).isEqualTo(8);
            assertThat(find(a, "ann").sessions()).hasSize(limit);
            assertThat(a.app().roster().size() + b.app().roster().size()).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }
}
