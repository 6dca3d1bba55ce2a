package dev.roster.adapters.redis.testing;

import dev.roster.domain.RoomGrants;
import dev.roster.adapters.redis.RedisSettings;
import dev.roster.adapters.redis.RedisStore;
import dev.roster.domain.Identity;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.NodeBoot;
import dev.roster.application.service.UseCases;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TcpProxy;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One node as bootstrap wires it, minus the web side: a {@link UseCases} on a {@link RedisStore} of its
 * own (its own Lettuce clients), a clock (the wall clock, or one running ahead of it), a real scheduler, and a
 * gateway that records what each of its sessions was sent and, when the node closes a session's socket, ends the
 * session as the WebSocket layer does. Closing it without {@link #disconnectAll()} leaves its
 * sessions in Redis; {@link #crash()} stops it as {@code kill -9} would.
 *
 * <p>A node {@linkplain Builder#linked() linked} to a standalone Redis reaches it through a {@link TcpProxy} of its
 * own, so that a test can freeze or cut its link, and so that a crash cuts every connection at once: nothing the
 * node still had in flight reaches Redis after that instant.
 */
public final class RedisNode implements AutoCloseable {
    private final String name;
    private final TcpProxy link;
    private final RedisStore store;
    private final UseCases app;
    private final ScheduledExecutorService timer;
    private final Map<SessionId, Queue<ClientEvent>> sent = new ConcurrentHashMap<>();
    private final Consumer<String> events;
    private final Consumer<SessionId> socketClosed;
    private volatile boolean crashed;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private RedisNode(Builder b) {
        this.name = b.name;
        this.events = b.events;
        this.socketClosed = b.socketClosed;
        this.link = b.linked ? TcpProxy.to(b.redis.port()) : null;
        String url = link == null ? b.redis.url() : "redis://127.0.0.1:" + link.port();
        try {
            this.store = RedisStore.open(url, b.redis.clusterSeeds(), RedisSettings.defaults());
        } catch (RuntimeException e) {
            if (link != null) {
                link.close();
            }
            throw e;
        }
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "node-" + name);
            thread.setDaemon(true);
            return thread;
        });
        ClientGateway gateway = new ClientGateway() {
            @Override
            public void deliver(Collection<SessionId> sessions, ClientEvent event) {
                sessions.forEach(s -> sent.computeIfAbsent(s, k -> new ConcurrentLinkedQueue<>()).add(event));
            }

            @Override
            public void disconnect(SessionId session, String reason) {
                // as the WebSocket layer does: the socket closes, its client is gone, and its end is a disconnect
                events.accept(name + " closes the socket of session " + session.value() + ": " + reason);
                socketClosed.accept(session);
                app.roster().get(session).ifPresent(local -> app.disconnect().disconnect(local.session()));
            }
        };
        Authenticator trusting = credentials -> CompletableFuture.completedFuture(
                new Identity(UserId.of(credentials.user()), null, RoomGrants.ALL));
        Duration ahead = b.clockAhead;
        Clock clock = () -> Instant.now().plus(ahead).truncatedTo(ChronoUnit.MILLIS);
        UseCases.Ports ports = new UseCases.Ports(store.presence(), store.presence(),
                store.presenceBus(), store.messageBus(), store.leases(), gateway, trusting, clock, scheduler(),
                Telemetry.NONE, store.activityFeed(), store.controlBus());
        this.app = new UseCases(ports, new UseCases.Settings(
                new NodeBoot(NodeId.of(name), UUID.randomUUID().toString()), new GracePeriod(b.grace), b.lease));
        store.onReset(this::restore);
        app.housekeeping().start().toCompletableFuture().join();
    }

    private CompletionStage<Integer> restore() {
        events.accept(name + " restores its sessions after Redis lost them");
        return app.restore().restoreAll().whenComplete((count, failure) -> events.accept(failure == null
                ? name + " restored " + count + " sessions" : name + " failed to restore: " + failure));
    }

    /** A started node named {@code name} on the test's Redis, connected to it directly. */
    public static RedisNode start(TestRedis redis, String name, Duration grace, Duration lease) {
        return on(redis).named(name).grace(grace).lease(lease).start();
    }

    /** A node to be started on the test's Redis, with 15 s leases and a 3 s grace unless told otherwise. */
    public static Builder on(TestRedis redis) {
        return new Builder(redis);
    }

    /** How to start a node. */
    public static final class Builder {
        private final TestRedis redis;
        private String name = "node";
        private Duration grace = Duration.ofSeconds(3);
        private Duration lease = Duration.ofSeconds(15);
        private Duration clockAhead = Duration.ZERO;
        private boolean linked;
        private Consumer<String> events = e -> { };
        private Consumer<SessionId> socketClosed = s -> { };

        private Builder(TestRedis redis) {
            this.redis = Objects.requireNonNull(redis, "redis");
        }

        public Builder named(String nodeName) {
            this.name = nodeName;
            return this;
        }

        public Builder grace(Duration length) {
            this.grace = length;
            return this;
        }

        public Builder lease(Duration length) {
            this.lease = length;
            return this;
        }

        /** The node's clock runs this far ahead of the wall clock (behind, if negative). */
        public Builder clockAhead(Duration offset) {
            this.clockAhead = offset;
            return this;
        }

        /** Through a {@link TcpProxy} of its own (a standalone Redis only: a cluster or a Sentinel hands out the
         * addresses of its servers, which a client then reaches without the proxy). */
        public Builder linked() {
            if (redis.isCluster() || redis.url() == null || !redis.url().startsWith("redis://")) {
                throw new IllegalStateException("only a node of a standalone Redis can be linked through a proxy");
            }
            this.linked = true;
            return this;
        }

        /** Where the node tells what it does on its own (restoring after a reset), for a test's event log. */
        public Builder events(Consumer<String> sink) {
            this.events = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Told of each session whose socket the node closes itself (an operator's kick, say). */
        public Builder onSocketClosed(Consumer<SessionId> listener) {
            this.socketClosed = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RedisNode start() {
            return new RedisNode(this);
        }
    }

    public String name() {
        return name;
    }

    public UseCases app() {
        return app;
    }

    public RedisStore store() {
        return store;
    }

    /** The proxy between this node and Redis; only for a {@linkplain Builder#linked() linked} node. */
    public TcpProxy link() {
        if (link == null) {
            throw new IllegalStateException(name + " reaches Redis directly; start it linked()");
        }
        return link;
    }

    public boolean crashed() {
        return crashed;
    }

    /** What this node sent to the session so far, in order. */
    public List<ClientEvent> sentTo(SessionId session) {
        Queue<ClientEvent> events = sent.get(session);
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

    /**
     * Stops the node as {@code kill -9} would: a linked node's connections are reset first, so that nothing it still
     * had in flight reaches Redis afterwards; then its timers stop and its clients close, with no disconnect of its
     * sessions and no release of its lease. A node reaching Redis directly (a cluster, a Sentinel) closes its
     * connections at once instead: a command already written to its socket may still run, as after a real kill.
     */
    public void crash() {
        crashed = true;
        if (link != null) {
            link.close();
        }
        close();
    }

    /** Stops housekeeping and closes the store, leaving whatever this node registered in Redis. Once only. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            app.housekeeping().stop();
            timer.shutdownNow();
        } finally {
            try {
                store.close();
            } finally {
                if (link != null) {
                    link.close();
                }
            }
        }
    }
}
