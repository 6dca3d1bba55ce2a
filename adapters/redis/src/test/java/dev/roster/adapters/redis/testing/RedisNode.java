package dev.roster.adapters.redis.testing;

import dev.roster.adapters.redis.RedisSettings;
import dev.roster.adapters.redis.RedisStore;
import dev.roster.application.port.in.AuthenticateUseCase.Identity;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;
import dev.roster.application.service.NodeIdentity;
import dev.roster.application.service.RosterApplication;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node as bootstrap wires it, minus the web side: a {@link RosterApplication} on a {@link RedisStore} of its
 * own (its own Lettuce clients), the wall clock, a real scheduler, and a gateway that records what each of its
 * sessions was sent. Closing it without {@link #disconnectAll()} leaves its sessions in Redis, as a crash would.
 */
public final class RedisNode implements AutoCloseable {
    private final RedisStore store;
    private final RosterApplication app;
    private final ScheduledExecutorService timer;
    private final Map<SessionId, Queue<RoomEvent>> sent = new ConcurrentHashMap<>();

    private RedisNode(TestRedis redis, String name, Duration grace, Duration lease) {
        this.store = RedisStore.open(redis.url(), redis.clusterSeeds(), RedisSettings.defaults());
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "node-" + name);
            thread.setDaemon(true);
            return thread;
        });
        ClientGateway gateway = new ClientGateway() {
            @Override
            public void deliver(Collection<SessionId> sessions, RoomEvent event) {
                sessions.forEach(s -> sent.computeIfAbsent(s, k -> new ConcurrentLinkedQueue<>()).add(event));
            }

            @Override
            public void disconnect(SessionId session, String reason) {
                // nothing to close: these sessions have no socket
            }
        };
        Authenticator trusting = credentials -> CompletableFuture.completedFuture(
                new Identity(UserId.of(credentials.user()), null));
        Clock clock = () -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RosterApplication.Ports ports = new RosterApplication.Ports(store.presence(), store.presence(),
                store.presenceBus(), store.messageBus(), store.leases(), gateway, trusting, clock, scheduler(),
                Telemetry.NONE, store.activityFeed(), store.controlBus());
        this.app = new RosterApplication(ports, new RosterApplication.Settings(
                new NodeIdentity(NodeId.of(name), UUID.randomUUID().toString()), new GracePeriod(grace), lease));
        store.onReset(() -> app.restore().restoreAll());
        app.start().toCompletableFuture().join();
    }

    /** A started node named {@code name} on the test's Redis. */
    public static RedisNode start(TestRedis redis, String name, Duration grace, Duration lease) {
        return new RedisNode(redis, name, grace, lease);
    }

    public RosterApplication app() {
        return app;
    }

    public RedisStore store() {
        return store;
    }

    /** What this node sent to the session so far, in order. */
    public List<RoomEvent> sentTo(SessionId session) {
        Queue<RoomEvent> events = sent.get(session);
        return events == null ? List.of() : List.copyOf(events);
    }

    public void disconnectAll() {
        app.disconnect().disconnectAll().toCompletableFuture().join();
    }

    private Scheduler scheduler() {
        return new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> f = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public Cancellable every(Duration period, Runnable task) {
                ScheduledFuture<?> f = timer.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
    }

    /** Stops housekeeping and closes the store, leaving whatever this node registered in Redis. */
    @Override
    public void close() {
        try {
            app.stop();
            timer.shutdownNow();
        } finally {
            store.close();
        }
    }
}
