package dev.roster.application.service;

import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.InMemoryEventLog;
import dev.roster.application.fixtures.InMemorySessionRegistry;
import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** An operator's disconnect is logged by the node that holds the session, before the session closes. */
class AdminDisconnectServiceTest {
    private final TestNode node = new TestNode();
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final Bus control = new Bus();
    private final Clients clients = new Clients();
    private final InMemorySessionRegistry registry = new InMemorySessionRegistry(log);
    private final UseCases app = new UseCases(
            new UseCases.Ports(registry, node.directory, node.presenceBus, node.messageBus,
                    mock(NodeLeases.class), clients, mock(Authenticator.class), node.clock, node.scheduler,
                    node.telemetry, node.feed, control, StoreHealth.ALWAYS).withEvents(log, null, null),
            new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE, Duration.ofSeconds(15)));

    AdminDisconnectServiceTest() {
        when(node.directory.find(any())).thenAnswer(call -> done(registry.presence(call.getArgument(0))));
    }

    /** The clients of this node: closing one ends its session the normal way, as the web adapter does. */
    private final class Clients implements ClientGateway {
        final Map<SessionId, Session> open = new ConcurrentHashMap<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(Collection<SessionId> sessions, ClientEvent event) {
        }

        @Override
        public void disconnect(SessionId session, String reason) {
            closed.add(session.value() + ": " + reason);
            Session gone = open.remove(session);
            if (gone != null) {
                app.disconnect().disconnect(gone);
            }
        }
    }

    /** A control bus that keeps what this node published and lets the test speak for other nodes. */
    private static final class Bus implements ControlBus {
        final List<ControlMessage> published = new CopyOnWriteArrayList<>();
        final List<Consumer<ControlMessage>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(ControlMessage message) {
            published.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void listen(Consumer<ControlMessage> listener) {
            listeners.add(listener);
        }
    }

    private Session connected(String name) {
        Session session = value(app.connect().connect(new ConnectCommand(user(name), "web")));
        clients.open.put(session.id(), session);
        return session;
    }

    private List<String> types() {
        return log.all().stream().map(LoggedEvent::type).toList();
    }

    @Test
    void the_log_reads_the_disconnect_by_an_operator_before_the_session_closed() {
        Session ann = connected("ann");

        assertThat(value(app.adminDisconnect().disconnectSession(ann.id()))).isEqualTo(1);

        assertThat(types()).containsExactly(LoggedEvent.USER_ONLINE, LoggedEvent.SESSION_OPENED,
                LoggedEvent.SESSION_DISCONNECTED, LoggedEvent.SESSION_CLOSED);
        LoggedEvent disconnected = log.all().get(2);
        assertThat(disconnected.user()).isEqualTo(user("ann"));
        assertThat(disconnected.details()).containsEntry("session", ann.id().value()).containsEntry("by", "admin")
                .containsEntry("node", ann.node().value()).containsEntry("device", "web");
        assertThat(disconnected.at()).isEqualTo(node.clock.now());
        assertThat(clients.closed).containsExactly(ann.id().value() + ": " + AdminDisconnectUseCase.REASON);
    }

    @Test
    void every_session_of_a_user_is_logged_then_closed_and_nothing_goes_to_the_activity_feed() {
        Session first = connected("ann");
        Session second = connected("ann");

        assertThat(value(app.adminDisconnect().disconnectUser(user("ann")))).isEqualTo(2);

        List<LoggedEvent> after = log.all().subList(3, log.all().size());
        assertThat(after).extracting(LoggedEvent::type).containsExactly(LoggedEvent.SESSION_DISCONNECTED,
                LoggedEvent.SESSION_CLOSED, LoggedEvent.SESSION_DISCONNECTED, LoggedEvent.SESSION_CLOSED);
        assertThat(after).extracting(e -> e.details().get("session")).containsExactlyInAnyOrder(
                first.id().value(), first.id().value(), second.id().value(), second.id().value());
        verifyNoInteractions(node.feed);
    }

    @Test
    void a_session_another_node_asks_about_is_logged_then_closed_then_answered() {
        Session ann = connected("ann");

        control.listeners.forEach(l -> l.accept(new ControlBus.Disconnect("r1", "boot-other", null, ann.id(),
                AdminDisconnectUseCase.REASON)));

        assertThat(types()).endsWith(LoggedEvent.SESSION_DISCONNECTED, LoggedEvent.SESSION_CLOSED);
        assertThat(control.published).containsExactly(
                new ControlBus.Disconnected("r1", "boot-other", TestNode.IDENTITY.node(), 1));
    }

    @Test
    void a_disconnect_the_log_could_not_take_is_told_and_the_session_still_closes() {
        Session ann = connected("ann");
        log.down(true);

        assertThat(value(app.adminDisconnect().disconnectSession(ann.id()))).isEqualTo(1);

        assertThat(clients.closed).hasSize(1);
        assertThat(clients.open).isEmpty();
        verify(node.telemetry).housekeepingFailed(eq("logging an operator's disconnect"),
                any(StoreUnavailableException.class));
    }

    @Test
    void the_session_closes_only_once_its_disconnect_is_logged() {
        CompletableFuture<LoggedEvent> appended = new CompletableFuture<>();
        EventLog slow = mock(EventLog.class);
        when(slow.append(any())).thenReturn(appended);
        ClientGateway gateway = mock(ClientGateway.class);
        LocalRoster roster = new LocalRoster();
        Session ann = Sessions.session("ann", "s1");
        roster.add(ann);
        AdminDisconnectService service = new AdminDisconnectService(roster, gateway, ControlBus.NONE, slow,
                node.directory, mock(NodeLeases.class), TestNode.IDENTITY, node.clock, node.scheduler,
                node.telemetry);

        CompletableFuture<Integer> closed = service.disconnectSession(ann.id()).toCompletableFuture();
        verify(gateway, never()).disconnect(any(), any());
        assertThat(closed).isNotDone();
        appended.complete(LoggedEvent.disconnected(ann, "admin", node.clock.now()).withId("7"));

        verify(gateway).disconnect(ann.id(), AdminDisconnectUseCase.REASON);
        assertThat(closed).isCompletedWithValue(1);
    }
}
