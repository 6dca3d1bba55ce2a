package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis keeps nothing on disk: when it restarts empty under two nodes, they put everything back by themselves. */
class RedisRestartTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RoomId ROOM = RoomId.of("hall");

    private RedisNode a;
    private RedisNode b;

    @BeforeEach
    void startNodes() {
        REDIS.flush();
        a = RedisNode.start(REDIS, "node-a", Duration.ofSeconds(3), Duration.ofSeconds(15));
        b = RedisNode.start(REDIS, "node-b", Duration.ofSeconds(3), Duration.ofSeconds(15));
    }

    @AfterEach
    void stopNodes() {
        REDIS.restart();
        a.close();
        b.close();
    }

    private static Session connectAndJoin(RedisNode node, String user) {
        Session session = node.app().connect().connect(new ConnectCommand(UserId.of(user), "test"))
                .toCompletableFuture().join();
        node.app().join().join(new JoinCommand(session, ROOM, RoomGrants.ALL)).toCompletableFuture().join();
        return session;
    }

    private static Presence find(RedisNode node, String user) {
        return node.store().presence().find(UserId.of(user)).toCompletableFuture().join();
    }

    @Test
    void presenceComesBackExactAfterRedisRestartsEmpty() {
        Session ann = connectAndJoin(a, "ann");
        Session ann2 = connectAndJoin(b, "ann");
        Session bob = connectAndJoin(b, "bob");

        REDIS.stop();
        await().atMost(WAIT).until(() -> !a.store().health().available() && !b.store().health().available());
        assertThatThrownBy(() -> find(a, "ann")).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(StoreUnavailableException.class);

        REDIS.restart();

        await().atMost(WAIT).until(() -> a.store().health().available() && b.store().health().available()
                && find(a, "ann").sessions().size() == 2 && find(a, "bob").sessions().size() == 1);
        for (RedisNode node : new RedisNode[] {a, b}) {
            Presence presence = find(node, "ann");
            assertThat(presence.state()).isEqualTo(PresenceState.ONLINE);
            assertThat(presence.sessions()).containsOnlyKeys(ann.id(), ann2.id());
            assertThat(presence.rooms()).containsExactly(ROOM);
            assertThat(node.store().presence().onlineCount().toCompletableFuture().join()).isEqualTo(2);
            assertThat(node.store().presence().roomMembers(ROOM).toCompletableFuture().join())
                    .containsExactlyInAnyOrder(UserId.of("ann"), UserId.of("bob"));
        }

        // the buses subscribed again: what is said on one node is heard on the other
        a.app().say().say(new SayCommand(ann, ROOM, "still here")).toCompletableFuture().join();
        await().atMost(WAIT).until(() -> b.sentTo(bob.id()).stream()
                .anyMatch(e -> e instanceof ChatMessage m && m.text().equals("still here")));
    }

    @Test
    void aRoomIndexLostWithoutThePresencesOfItsMembersIsRebuilt() {
        connectAndJoin(a, "ann");
        connectAndJoin(b, "bob");
        Keys keys = new Keys(RedisSettings.defaults().buckets());

        // as when the one shard holding the room's slot (and some markers) restarts empty on a cluster
        REDIS.withCommands(c -> {
            c.del(keys.room(ROOM));
            for (int bucket = 0; bucket < keys.buckets(); bucket += 2) {
                c.del(keys.epoch(bucket));
            }
        });

        await().atMost(WAIT).until(() -> a.store().presence().roomMembers(ROOM).toCompletableFuture().join()
                .containsAll(List.of(UserId.of("ann"), UserId.of("bob"))));
        assertThat(find(b, "ann").sessions()).hasSize(1);
    }
}
