package dev.roster.extending.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for a message broker and its client library, for the test-only adapter that
 * {@code docs/EXTENDING.md} is checked with: the part a real publisher gets from {@code kafka-clients} or
 * {@code jnats}. A connection publishes lines asynchronously; the broker acknowledges them one at a time, in the order
 * they were published, on a thread of its own, and a test decides how it answers: it takes them, refuses them, or
 * never answers, as a broker that is up, that refuses a subject, or that stalls behind a frozen link.
 */
public final class LineBroker implements AutoCloseable {
    /** How the broker answers what is published from now on. */
    public enum Mode { TAKE, REFUSE, HANG }

    /** One line the broker took, with the headers it came with. */
    public record Message(String subject, Map<String, String> headers, String line) {
        public Message {
            headers = Map.copyOf(headers);
        }
    }

    /** The broker refused a message (a subject no stream captures, a message too large). */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String subject) {
            super("refused a message on " + subject);
        }
    }

    /** The connection is closed: nothing can be published on it. */
    public static final class NotConnectedException extends RuntimeException {
        NotConnectedException() {
            super("not connected");
        }
    }

    private final List<Message> taken = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService acks = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "line-broker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Mode mode = Mode.TAKE;

    public void answer(Mode next) {
        mode = next;
    }

    /** What the broker took, in the order it took it. */
    public List<Message> taken() {
        return List.copyOf(taken);
    }

    /** How many connections are open: a publisher that closed its own leaves none. */
    public int openConnections() {
        return open.get();
    }

    public Connection connect() {
        open.incrementAndGet();
        return new Connection();
    }

    @Override
    public void close() {
        acks.shutdownNow();
    }

    /** A client's connection, as a broker's client library gives one. */
    public final class Connection implements AutoCloseable {
        private volatile boolean closed;

        private Connection() {
        }

        /** Completes once the broker took the line; fails if it refused it; stays pending while it does not answer. */
        public CompletableFuture<Void> publish(String subject, Map<String, String> headers, String line) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            if (closed) {
                ack.completeExceptionally(new NotConnectedException());
                return ack;
            }
            Message message = new Message(subject, headers, line);
            acks.execute(() -> {
                switch (mode) {
                    case TAKE -> {
                        taken.add(message);
                        ack.complete(null);
                    }
                    case REFUSE -> ack.completeExceptionally(new RefusedException(subject));
                    case HANG -> {
                        // never answered, as behind a frozen link
                    }
                }
            });
            return ack;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
            }
        }
    }
}
