package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;

import dev.roster.adapters.runtime.ExecutorScheduler;
import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.SwitchableStore;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.in.SetStatusUseCase.StatusCommand;
import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.NodeBoot;
import dev.roster.application.service.UseCases;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Nodes built from the in-memory ports, sharing one store, one pair of buses and one lease table, with a clock
 * the test moves and the real scheduler. The buses have one listener each, so the node built last is the one
 * that hears them: build the nodes meant to die first.
 */
final class Cluster implements AutoCloseable {
    static final GracePeriod GRACE = GracePeriod.ofMillis(60_000);
    static final Duration LEASE = Duration.ofSeconds(15);

    final FixedClock clock = new FixedClock(Instant.parse("2026-03-01T10:00:00Z"));
    final SwitchableStore<InMemoryPresenceStore> store = new SwitchableStore<>(() -> new InMemoryPresenceStore(clock));
    private final InMemoryPresenceEventBus presenceBus = new InMemoryPresenceEventBus();
    private final InMemoryRoomMessageBus messageBus = new InMemoryRoomMessageBus();
    private final InMemoryNodeLeases leases = new InMemoryNodeLeases();
    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final List<Node> nodes = new ArrayList<>();

    /** Trusts the user name offered, as dev auth does; no name proves nothing. */
    private static final Authenticator TRUSTING = credentials -> credentials.user() == null
            ? CompletableFuture.failedFuture(new AuthenticationException("no user given"))
            : CompletableFuture.completedFuture(new Identity(dev.roster.domain.UserId.of(credentials.user()), null, RoomGrants.ALL));

    Node node(String name, String boot) {
        RecordingGateway gateway = new RecordingGateway();
        UseCases app = new UseCases(
                new UseCases.Ports(store, store, presenceBus, messageBus, leases, gateway, TRUSTING, clock,
                        scheduler, Telemetry.NONE),
                new UseCases.Settings(new NodeBoot(NodeId.of(name), boot), GRACE, LEASE));
        Node node = new Node(app, gateway);
        nodes.add(node);
        return node;
    }

    Instant advance(Duration by) {
        return clock.advance(by);
    }

    @Override
    public void close() {
        nodes.forEach(node -> node.app.housekeeping().stop());
        scheduler.close();
        presenceBus.close();
        messageBus.close();
    }

    /** One node of the cluster and the words a scenario speaks to it in. */
    static final class Node {
        final UseCases app;
        final RecordingGateway gateway;

        private Node(UseCases app, RecordingGateway gateway) {
            this.app = app;
            this.gateway = gateway;
        }

        Session connect(String user) {
            Identity identity = await(app.authenticate().authenticate(new Credentials(null, user)));
            return await(app.connect().connect(new ConnectCommand(identity.user(), "web")));
        }

        List<Member> join(Session session, String room) {
            return await(app.join().join(new JoinCommand(session, RoomId.of(room), RoomGrants.ALL))).members();
        }

        void leave(Session session, String room) {
            await(app.leave().leave(new RoomCommand(session, RoomId.of(room))));
        }

        void say(Session session, String room, String text) {
            await(app.say().say(new SayCommand(session, RoomId.of(room), text)));
        }

        void setStatus(Session session, Status status, String text) {
            await(app.setStatus().setStatus(new StatusCommand(session, status, text)));
        }

        List<Member> who(Session session, String room) {
            return await(app.who().who(new WhoCommand(session, RoomId.of(room)))).members();
        }

        void disconnect(Session session) {
            await(app.disconnect().disconnect(session));
        }
    }
}
