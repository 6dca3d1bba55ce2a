package dev.roster.application.service;

import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.ControlBus.ControlMessage;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.Scheduler;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Activity;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Closes sessions on behalf of an operator: those of this node at once, those of other nodes by asking them on
 * the control bus and counting their answers for at most {@link #WAIT}.
 */
final class AdminDisconnectService implements AdminDisconnectUseCase {
    static final Duration WAIT = Duration.ofSeconds(1);

    private final LocalRoster roster;
    private final ClientGateway gateway;
    private final ControlBus control;
    private final ActivityFeed feed;
    private final PresenceDirectory directory;
    private final NodeLeases leases;
    private final NodeBoot self;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Telemetry telemetry;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(CompletableFuture<Integer> result, AtomicInteger closed, int expected) {
    }

    AdminDisconnectService(LocalRoster roster, ClientGateway gateway, ControlBus control, ActivityFeed feed,
                           PresenceDirectory directory, NodeLeases leases, NodeBoot self, Clock clock,
                           Scheduler scheduler, Telemetry telemetry) {
        this.roster = roster;
        this.gateway = gateway;
        this.control = control;
        this.feed = feed;
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
        int local = closeLocal(s -> s.id().equals(session));
        if (local > 0) {
            return CompletableFuture.completedFuture(local);
        }
        return otherNodesAlive().thenCompose(others -> others
                ? ask(new ControlBus.Disconnect(newRequest(), self.boot(), null, session, REASON), 1)
                : CompletableFuture.completedFuture(0));
    }

    @Override
    public CompletionStage<Integer> disconnectUser(UserId user) {
        return directory.find(user).thenCompose(presence -> {
            int local = closeLocal(s -> s.user().equals(user));
            long remote = presence.sessions().values().stream()
                    .filter(e -> !e.session().heldBy(self.node(), self.boot())).count();
            if (remote == 0) {
                return CompletableFuture.completedFuture(local);
            }
            return ask(new ControlBus.Disconnect(newRequest(), self.boot(), user, null, REASON), (int) remote)
                    .thenApply(closed -> local + closed);
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
            int closed = closeLocal(which);
            if (closed > 0) {
                control.publish(new ControlBus.Disconnected(d.request(), d.fromBoot(), self.node(), closed));
            }
        } else if (message instanceof ControlBus.Disconnected a && a.toBoot().equals(self.boot())) {
            Pending wait = pending.get(a.request());
            if (wait != null && wait.closed().addAndGet(a.closed()) >= wait.expected()) {
                finish(a.request());
            }
        }
    }

    private int closeLocal(Predicate<Session> which) {
        int closed = 0;
        for (LocalRoster.Local local : roster.all()) {
            Session s = local.session();
            if (which.test(s)) {
                gateway.disconnect(s.id(), REASON);
                feed.publish(new Activity.DisconnectedByAdmin(s.user(), s.id(), s.node(), s.device(),
                        clock.now()));
                closed++;
            }
        }
        return closed;
    }

    private static String newRequest() {
        return UUID.randomUUID().toString();
    }
}
