package dev.roster.bench.load;

import dev.roster.bench.proto.Endpoints;
import dev.roster.bench.proto.Frame;
import dev.roster.bench.proto.Frames;
import dev.roster.bench.report.Latency;
import dev.roster.bench.ws.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Opens, holds and closes many virtual users, with a bound on handshakes in flight, and keeps the set of users it
 * knows to be open: that set is what the truth check compares {@code /api/online} with.
 */
public final class Crowd implements AutoCloseable {
    private final WsClient client;
    private final Frames frames;
    private final int maxInFlight;
    private final Duration timeout;
    private final List<VirtualUser> users = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final AtomicLong unexpectedCloses = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean closing;

    /**
     * @param maxInFlight handshakes allowed at once; a burst beyond the server's accept queue only measures drops
     * @param timeout     how long one connection may take from connect to welcome
     */
    public Crowd(WsClient client, Frames frames, int maxInFlight, Duration timeout) {
        this.client = client;
        this.frames = frames;
        this.maxInFlight = maxInFlight;
        this.timeout = timeout;
    }

    public Frames frames() {
        return frames;
    }

    /**
     * Opens {@code count} users, user {@code i} named {@code names.apply(i)} on node {@code nodes.apply(i)}, and
     * waits until each has its welcome or failed.
     *
     * @param onFrame builds the frame handler of each user, given its index and name
     * @param connect records the time from connect to welcome
     */
    public List<VirtualUser> open(int count, IntFunction<String> names, IntFunction<Endpoints> nodes,
                                  BiFunction<Integer, String, Consumer<Frame>> onFrame,
                                  Latency connect) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        List<VirtualUser> opened = new ArrayList<>(count);
        List<CompletableFuture<?>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                failures.addAndGet(count - i);
                break;
            }
            String name = names.apply(i);
            VirtualUser user = user(name, onFrame.apply(i, name));
            opened.add(user);
            CompletableFuture<?> done = connect(user, nodes.apply(i), i, connect);
            done.whenComplete((r, e) -> inFlight.release());
            pending.add(done);
        }
        for (CompletableFuture<?> done : pending) {
            try {
                done.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // counted in connect's own failure path
            }
        }
        return opened;
    }

    /** A new, not yet connected user whose unreadable frames this crowd counts. */
    public VirtualUser user(String name, Consumer<Frame> onFrame) {
        return new VirtualUser(name, frames, onFrame, badFrames);
    }

    /** Connects one user and completes once it has its welcome; failures are counted, not thrown. */
    public CompletableFuture<Frame> connect(VirtualUser user, Endpoints node, int source, Latency connect) {
        users.add(user);
        long started = System.nanoTime();
        CompletableFuture<Frame> welcomed = client.connect(node.socket(user.user()), user, source)
                .thenCompose(connection -> {
                    user.attach(connection);
                    return user.welcome();
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return welcomed.whenComplete((frame, error) -> {
            if (error != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, user.user() + ": " + rootCause(error));
                users.remove(user);
                user.close();
                return;
            }
            connect.recordNanos(System.nanoTime() - started);
            open.add(user.user());
            user.closed().thenRun(() -> {
                open.remove(user.user());
                if (!closing && !user.leaving()) {
                    unexpectedCloses.incrementAndGet();
                }
            });
        });
    }

    /** Closes one user on purpose and waits until the close is done, up to the timeout. */
    public boolean closeOne(VirtualUser user) throws InterruptedException {
        open.remove(user.user());
        users.remove(user);
        user.close();
        try {
            user.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Why the first connection that failed did, or null when none failed. */
    public String firstFailure() {
        return firstFailure.get();
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause instanceof TimeoutException ? "no welcome within the timeout" : String.valueOf(cause);
    }

    /** The users this crowd holds open now; a copy. */
    public Set<String> openUsers() {
        return Set.copyOf(open);
    }

    public int openCount() {
        return open.size();
    }

    public long failures() {
        return failures.get();
    }

    public long badFrames() {
        return badFrames.get();
    }

    /** Connections the server or the network closed while the crowd still held them. */
    public long unexpectedCloses() {
        return unexpectedCloses.get();
    }

    /** Closes every user and waits, up to the timeout, for the closes to finish. */
    @Override
    public void close() {
        closing = true;
        List<VirtualUser> all;
        synchronized (users) {
            all = new ArrayList<>(users);
            users.clear();
        }
        all.forEach(VirtualUser::close);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (VirtualUser user : all) {
            long left = deadline - System.nanoTime();
            try {
                user.closed().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.clear();
    }
}
