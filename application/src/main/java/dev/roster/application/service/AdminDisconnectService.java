package dev.roster.application.service;

import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.ControlBus.ControlMessage;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Closes sessions on behalf of an operator: those of this node at once, those of other nodes by asking them on
 * the control bus and counting their answers for at most {@link #WAIT}. The node that holds a session logs that
 * an operator closed it ({@code session.disconnected}) before it closes it, so that the event log reads the
 * disconnect before the {@code session.closed} that follows.
 */
final class AdminDisconnectService implements AdminDisconnectUseCase {
    static final Duration WAIT = Duration.ofSeconds(1);
    /** Who closed the session, as the log names an operator acting with the admin token. */
    static final String BY = "admin";

    private final LocalRoster roster;
    private final ClientGateway gateway;
    private final ControlBus control;
    private final EventLog log;
    private final PresenceDirectory directory;
    private final NodeLeases leases;
    private final NodeBoot self;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Telemetry telemetry;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(CompletableFuture<Integer> result, AtomicInteger closed, int expected) {
    }

    AdminDisconnectService(LocalRoster roster, ClientGateway gateway, ControlBus control, EventLog log,
                           PresenceDirectory directory, NodeLeases leases, NodeBoot self, Clock clock,
                           Scheduler scheduler, Telemetry telemetry) {
        this.roster = roster;
        this.gateway = gateway;
        this.control = control;
        this.log = log;
        this.directory = directory;
        this.leases = leases;
        this.self = self;
        this.clock = clock;
        this.scheduler = scheduler;
        this.telemetry = telemetry;
        control.listen(this::onMessage);
    }

    @Override
    public CompletionStage<Integer> disconnectSession(SessionId session) {
        List<Session> local = localSessions(s -> s.id().equals(session));
        if (!local.isEmpty()) {
            return close(local);
        }
        return otherNodesAlive().thenCompose(others -> others
                ? ask(new ControlBus.Disconnect(newRequest(), self.boot(), null, session, REASON), 1)
                : CompletableFuture.completedFuture(0));
    }

    @Override
    public CompletionStage<Integer> disconnectUser(UserId user) {
        return directory.find(user).thenCompose(presence -> {
            CompletableFuture<Integer> local = close(localSessions(s -> s.user().equals(user)));
            long remote = presence.sessions().values().stream()
                    .filter(e -> !e.session().heldBy(self.node(), self.boot())).count();
            if (remote == 0) {
                return local;
            }
            return ask(new ControlBus.Disconnect(newRequest(), self.boot(), user, null, REASON), (int) remote)
                    .thenCombine(local, Integer::sum);
        });
    }

    private CompletionStage<Boolean> otherNodesAlive() {
        return leases.live(clock.now())
                .thenApply(live -> live.stream().anyMatch(l -> !l.id().boot().equals(self.boot())));
    }

    private CompletionStage<Integer> ask(ControlBus.Disconnect question, int expected) {
        Pending wait = new Pending(new CompletableFuture<>(), new AtomicInteger(), expected);
        pending.put(question.request(), wait);
        scheduler.schedule(WAIT, () -> finish(question.request()));
        control.publish(question).exceptionally(failure -> {
            // the other nodes never heard the question: answer with what this node closed itself
            telemetry.housekeepingFailed("asking the other nodes to disconnect", failure);
            finish(question.request());
            return null;
        });
        return wait.result();
    }

    private void finish(String request) {
        Pending done = pending.remove(request);
        if (done != null) {
            done.result().complete(done.closed().get());
        }
    }

    private void onMessage(ControlMessage message) {
        if (message instanceof ControlBus.Disconnect d && !d.fromBoot().equals(self.boot())) {
            Predicate<Session> which = d.session() != null
                    ? s -> s.id().equals(d.session())
                    : s -> s.user().equals(d.user());
            List<Session> held = localSessions(which);
            if (!held.isEmpty()) {
                close(held).thenAccept(closed -> control.publish(
                        new ControlBus.Disconnected(d.request(), d.fromBoot(), self.node(), closed)));
            }
        } else if (message instanceof ControlBus.Disconnected a && a.toBoot().equals(self.boot())) {
            Pending wait = pending.get(a.request());
            if (wait != null && wait.closed().addAndGet(a.closed()) >= wait.expected()) {
                finish(a.request());
            }
        }
    }

    private List<Session> localSessions(Predicate<Session> which) {
        List<Session> found = new ArrayList<>();
        for (LocalRoster.Local local : roster.all()) {
            if (which.test(local.session())) {
                found.add(local.session());
            }
        }
        return found;
    }

    /** Closes these sessions of this node, each once its disconnect is logged; completes with how many. */
    private CompletableFuture<Integer> close(List<Session> sessions) {
        CompletableFuture<?>[] closed = sessions.stream().map(this::close).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(closed).thenApply(done -> sessions.size());
    }

    /**
     * Logs the disconnect, then closes the session: its {@code session.closed} comes after. A log that cannot be
     * written does not keep the session open; it is told (the store's own timeout bounds the wait).
     */
    private CompletableFuture<Void> close(Session session) {
        return Stages.calling(() -> log.append(LoggedEvent.disconnected(session, BY, clock.now())))
                .handle((logged, failure) -> {
                    if (failure != null) {
                        telemetry.housekeepingFailed("logging an operator's disconnect", failure);
                    }
                    gateway.disconnect(session.id(), REASON);
                    return null;
                });
    }

    private static String newRequest() {
        return UUID.randomUUID().toString();
    }
}
