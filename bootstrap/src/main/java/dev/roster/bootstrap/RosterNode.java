package dev.roster.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Stage;
import dev.roster.adapters.javalin.RosterServer;
import dev.roster.application.port.in.HousekeepingUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node, wired: starts the server and the application's housekeeping, and stops them in the safe order. The
 * server opens its port before the store answers, so that an orchestrator sees a live node that is not ready yet.
 */
public final class RosterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RosterNode.class);
    /** How long a stop waits for the batch the webhook is taking; more than the default webhook timeout. */
    static final Duration HAND_OVER_WAIT = Duration.ofSeconds(10);

    private final HousekeepingUseCase housekeeping;
    private final QueryPresenceUseCase query;
    private final RosterServer server;
    private final StoreModule store;
    private final StoreConnection connection;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Object housekeepingLock = new Object();

    @Inject
    RosterNode(HousekeepingUseCase housekeeping, QueryPresenceUseCase query, RosterServer server, StoreModule store,
               StoreConnection connection, @OnShutdown Set<AutoCloseable> resources) {
        this.housekeeping = housekeeping;
        this.query = query;
        this.server = server;
        this.store = store;
        this.connection = connection;
        this.resources = new ArrayList<>(resources);
    }

    /** Builds a node for this configuration, on the store {@link StoreModules#forConfig} chooses. */
    public static RosterNode create(Config config) {
        return create(new RosterModule(config));
    }

    public static RosterNode create(RosterModule module) {
        return Guice.createInjector(Stage.PRODUCTION, module).getInstance(RosterNode.class);
    }

    /**
     * Opens the port, then connects the store: a store that answers at once is connected when this returns; one
     * that does not is waited for in the background, with no deadline, the node live but not ready meanwhile. The
     * housekeeping (the first heartbeat, then heartbeats, reaping and grace sweeps) starts once the store answered.
     */
    public RosterNode start() {
        server.start();
        connection.connect().thenRun(this::startHousekeeping);
        return this;
    }

    private void startHousekeeping() {
        synchronized (housekeepingLock) {
            if (stopped.get()) {
                return;
            }
            // a first heartbeat that fails is told (logged and counted) by the housekeeping and retried on schedule
            housekeeping.start();
        }
    }

    public int port() {
        return server.port();
    }

    /** The node's presence queries, to look at its state when the server no longer answers. */
    public QueryPresenceUseCase query() {
        return query;
    }

    public String storeDescription() {
        return store.description();
    }

    /**
     * Closes every socket with 1001 (their sessions go offline through the normal disconnect path), stops the
     * housekeeping, then closes the scheduler and the store. Safe to call more than once.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } finally {
            CompletionStage<Void> handedOver;
            synchronized (housekeepingLock) {
                handedOver = housekeeping.stop();
            }
            awaitHandOver(handedOver);
            resources.forEach(RosterNode::closeQuietly);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Waits, at most {@link #HAND_OVER_WAIT}, for the event delivery to finish the batch in hand and let its lease
     * go: the store must still be open for it to record the batch, or the next node would send it again.
     */
    private static void awaitHandOver(CompletionStage<Void> handedOver) {
        try {
            handedOver.toCompletableFuture().get(HAND_OVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the event delivery did not hand over within {} ms; another node takes over once its lease "
                    + "lapses", HAND_OVER_WAIT.toMillis());
        }
    }

    // one resource failing to close must not keep the others open
    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
        }
    }
}
