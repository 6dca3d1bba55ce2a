package dev.roster.application.service;

import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.DeliveryFailedException;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.domain.DeadLetter;
import dev.roster.application.port.out.DeliveryLedger.Position;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.EventSink;
import dev.roster.domain.EventsGoneException;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.LoggedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Delivers the event log to the sink from this node, while this node holds the delivery lease: one batch at a time,
 * in the log's order, each batch retried with a growing wait until the sink takes it or it has been tried
 * {@link DeliverySettings#maxTries()} times and is parked as a dead letter.
 *
 * <p>The lease is what keeps two nodes from delivering the same events: it is claimed at start and renewed every
 * third of its time, and this node delivers only while its last renewal is younger than the lease. A node that
 * finds the lease with another holder, or is told so by the ledger when it records a batch, drops whatever it had
 * in flight at once and goes on claiming: the new holder starts from the position the ledger keeps, so a batch
 * the sink took but that was not recorded is delivered again (receivers drop repeated ids) and none is skipped.
 *
 * <p>Nothing here blocks or has a thread of its own. Each answer of a port, each tick of the scheduler and each
 * signal of the log is one step, and the steps run one at a time, in the order they came, on whichever thread
 * brought them (the first one there runs them all), so the state needs no lock and ports that answer at once do
 * not recurse.
 */
final class Deliverer {
    static final String JOB = "event delivery";
    static final String CLAIM_JOB = "claiming the event delivery lease";
    static final String RELEASE_JOB = "releasing the event delivery lease";
    /** The reason of a failure the sink did not explain with a {@link DeliveryFailedException}. */
    static final String SINK_FAILED = "sink failed";

    private final DeliveryLedger ledger;
    private final EventLog log;
    private final EventSink sink;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Telemetry telemetry;
    private final DeliverySettings settings;
    private final String holder;
    private final DoubleSupplier random;

    private final Queue<Runnable> steps = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stepping = new AtomicBoolean();
    private volatile Failure lastFailure;
    /** Set while stopping waits for the batch in hand; completed once the lease is let go. */
    private CompletableFuture<Void> stopping;

    // changed by steps only
    private boolean running;
    private Scheduler.Cancellable renewals;
    private AutoCloseable signals;
    private Instant claimSentAt;
    private Instant heldUntil;
    private long generation;
    private String position;
    private Stage stage = Stage.IDLE;
    private boolean signalled;
    private boolean sinkBusy;
    private List<LoggedEvent> batch;
    private int tries;
    private Scheduler.Cancellable retry;
    private Record unrecorded;

    /** What this node is doing about the batch at hand. */
    private enum Stage {
        /** Nothing: the next read starts when the log signals or the lease is renewed. */
        IDLE,
        READING,
        DELIVERING,
        /** Waiting to try the batch again. */
        WAITING,
        /** Telling the ledger the batch was delivered or parked. */
        RECORDING,
        /** The ledger could not be told; it is told again at the next renewal. */
        UNRECORDED
    }

    /** The last failure this node saw: what the sink said, and when. */
    record Failure(String reason, Instant at) {
    }

    /** What the ledger is to be told: delivery got to {@code delivered}, having parked {@code letter} if not null. */
    private record Record(String delivered, DeadLetter letter) {
    }

    /**
     * @param holder this node boot, as the ledger names the holder of the lease
     * @param random numbers in [0, 1) that spread the waits between tries, so that a receiver coming back is not
     *               hit by every retry at the same moment
     */
    Deliverer(DeliveryLedger ledger, EventLog log, EventSink sink, Clock clock, Scheduler scheduler,
              Telemetry telemetry, DeliverySettings settings, String holder, DoubleSupplier random) {
        this.ledger = ledger;
        this.log = log;
        this.sink = sink;
        this.clock = clock;
        this.scheduler = scheduler;
        this.telemetry = telemetry;
        this.settings = settings;
        this.holder = holder;
        this.random = random;
    }

    /** Claims the lease now and again every third of it, and delivers whenever it holds it. */
    void start() {
        step(() -> {
            if (running) {
                return;
            }
            running = true;
            try {
                signals = log.onAppended(() -> step(this::pump));
            } catch (RuntimeException e) {
                // the renewals read the log too, only later
                telemetry.housekeepingFailed("listening to the event log", e);
            }
            renewals = scheduler.every(settings.renewEvery(), () -> step(this::claim));
            claim();
        });
    }

    /**
     * Stops delivering and lets the lease go, so that another node takes over at once. A batch the sink is taking
     * now is waited for first and, when the sink took it, recorded: released at once, the next holder would send it
     * again. A batch waiting for its next try, a read or a record the ledger could not take is dropped. Completes
     * once the lease is let go (or letting it go failed).
     */
    CompletionStage<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        step(() -> {
            if (!running) {
                done.complete(null);
                return;
            }
            running = false;
            stopping = done;
            renewals.cancel();
            if (signals != null) {
                try {
                    signals.close();
                } catch (Exception e) {
                    telemetry.housekeepingFailed("listening to the event log", e);
                }
                signals = null;
            }
            if (stage != Stage.DELIVERING && stage != Stage.RECORDING) {
                finishStopping();
            }
        });
        return done;
    }

    /** Drops what is left in hand and lets the lease go; the stop completes once the ledger answered. */
    private void finishStopping() {
        CompletableFuture<Void> done = stopping;
        if (done == null) {
            return;
        }
        stopping = null;
        lose();
        call(() -> ledger.release(holder), (released, failure) -> {
            if (failure != null) {
                telemetry.housekeepingFailed(RELEASE_JOB, failure);
            }
            done.complete(null);
        });
    }

    /** The last failure of the sink this node saw, null when none. */
    Failure lastFailure() {
        return lastFailure;
    }

    private void claim() {
        Instant now = clock.now();
        // a claim the store never answered must not stop the renewals for good
        if (!running || (claimSentAt != null && now.isBefore(claimSentAt.plus(settings.lease())))) {
            return;
        }
        claimSentAt = now;
        call(() -> ledger.claim(holder, settings.lease()), (claimed, failure) -> claimed(now, claimed, failure));
    }

    private void claimed(Instant sentAt, Position claimed, Throwable failure) {
        claimSentAt = null;
        if (!running) {
            if (failure == null && claimed != null) {
                release();
            }
            return;
        }
        if (failure != null) {
            telemetry.housekeepingFailed(CLAIM_JOB, failure);
            if (heldUntil != null && !holding()) {
                lose();
            }
            return;
        }
        if (claimed == null) {
            if (heldUntil != null) {
                lose();
            }
            return;
        }
        if (!holding() || (stage != Stage.RECORDING && !Objects.equals(claimed.delivered(), position))) {
            // taken now, or taken back after another node moved on: the ledger says where to go on from
            if (position != null && claimed.delivered() == null) {
                // the ledger forgot how far delivery got (its store restarted empty, with the log): what this
                // node had not delivered yet is lost to the sink, and that is told like any other gap
                telemetry.deliveryGap();
            }
            lose();
            position = claimed.delivered();
        }
        heldUntil = sentAt.plus(settings.lease());
        if (stage == Stage.UNRECORDED) {
            record(unrecorded);
        } else {
            pump();
        }
    }

    /** Reads the next batch if this node holds the lease and has nothing in hand. */
    private void pump() {
        if (!running) {
            return;
        }
        if (stage != Stage.IDLE || sinkBusy) {
            // a read under way may have missed what was just appended
            signalled |= stage == Stage.READING;
            return;
        }
        if (!holding()) {
            if (heldUntil != null) {
                lose();
            }
            return;
        }
        stage = Stage.READING;
        signalled = false;
        long current = generation;
        call(() -> log.read(position, settings.batch()), (events, failure) -> read(current, events, failure));
    }

    private void read(long readIn, List<LoggedEvent> events, Throwable failure) {
        if (readIn != generation) {
            return;
        }
        stage = Stage.IDLE;
        if (failure instanceof EventsGoneException || failure instanceof IllegalArgumentException) {
            // what came after the position is lost to the sink (or the position is not this log's at all)
            telemetry.deliveryGap();
            record(new Record(null, null));
        } else if (failure != null) {
            telemetry.housekeepingFailed(JOB, failure);
        } else if (!events.isEmpty()) {
            batch = List.copyOf(events);
            tries = 0;
            deliver();
        } else if (signalled) {
            pump();
        }
    }

    private void deliver() {
        if (!holding()) {
            lose();
            return;
        }
        stage = Stage.DELIVERING;
        tries++;
        sinkBusy = true;
        long current = generation;
        List<LoggedEvent> sent = batch;
        call(() -> sink.deliver(sent), (done, failure) -> delivered(current, sent, failure));
    }

    private void delivered(long sentIn, List<LoggedEvent> sent, Throwable failure) {
        sinkBusy = false;
        if (sentIn != generation) {
            // dropped: the lease was lost meanwhile, or taken again and delivery started over
            if (stopping != null) {
                finishStopping();
            } else {
                pump();
            }
            return;
        }
        Instant now = clock.now();
        String last = sent.get(sent.size() - 1).id();
        if (failure == null) {
            telemetry.eventsDelivered(sent, now);
            record(new Record(last, null));
            return;
        }
        String reason = reason(failure);
        lastFailure = new Failure(reason, now);
        telemetry.deliveryFailed(reason);
        if (stopping != null) {
            // the next holder tries the batch again from the position the ledger keeps
            finishStopping();
            return;
        }
        if (tries >= settings.maxTries()) {
            record(new Record(last, new DeadLetter(sent, reason, tries, now)));
            return;
        }
        stage = Stage.WAITING;
        long current = generation;
        retry = scheduler.schedule(jittered(settings.backoff(tries)), () -> step(() -> retry(current)));
    }

    private void retry(long scheduledIn) {
        if (scheduledIn == generation && stage == Stage.WAITING) {
            retry = null;
            deliver();
        }
    }

    private void record(Record what) {
        stage = Stage.RECORDING;
        unrecorded = null;
        long current = generation;
        call(() -> what.letter() == null
                        ? ledger.advance(holder, what.delivered())
                        : ledger.park(holder, what.letter()),
                (recorded, failure) -> recorded(current, what, recorded, failure));
    }

    private void recorded(long recordedIn, Record what, Boolean recorded, Throwable failure) {
        if (recordedIn != generation) {
            return;
        }
        if (stopping != null) {
            if (failure == null && Boolean.TRUE.equals(recorded)) {
                position = what.delivered();
                if (what.letter() != null) {
                    telemetry.deliveryParked(what.letter().events().size());
                }
            } else if (failure != null) {
                telemetry.housekeepingFailed(JOB, failure);
            }
            finishStopping();
            return;
        }
        if (failure != null) {
            telemetry.housekeepingFailed(JOB, failure);
            stage = Stage.UNRECORDED;
            unrecorded = what;
            return;
        }
        if (!Boolean.TRUE.equals(recorded)) {
            // another node holds the lease: it goes on from what the ledger says, this node stops here
            lose();
            return;
        }
        position = what.delivered();
        if (what.letter() != null) {
            telemetry.deliveryParked(what.letter().events().size());
        }
        batch = null;
        tries = 0;
        stage = Stage.IDLE;
        pump();
    }

    private void release() {
        call(() -> ledger.release(holder), (released, failure) -> {
            if (failure != null) {
                telemetry.housekeepingFailed(RELEASE_JOB, failure);
            }
        });
    }

    /** Whether this node's last renewal is still younger than the lease. */
    private boolean holding() {
        return heldUntil != null && clock.now().isBefore(heldUntil);
    }

    /** Gives the lease up on this node's side and drops whatever was in flight, so that no answer of it counts. */
    private void lose() {
        heldUntil = null;
        generation++;
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
        batch = null;
        tries = 0;
        unrecorded = null;
        stage = Stage.IDLE;
    }

    /** The wait before the next try: the backoff, shortened by up to half at random. */
    private Duration jittered(Duration backoff) {
        double factor = 0.5 + 0.5 * Math.min(Math.max(random.getAsDouble(), 0), 1);
        return Duration.ofNanos((long) (backoff.toNanos() * factor));
    }

    private static String reason(Throwable failure) {
        if (failure instanceof DeliveryFailedException refused && refused.getMessage() != null) {
            return refused.getMessage();
        }
        return SINK_FAILED;
    }

    /** Calls a port and takes its answer (or its failure, unwrapped) as a step of its own. */
    private <T> void call(Supplier<? extends CompletionStage<T>> port, Answer<T> then) {
        Stages.calling(port).whenComplete((value, failure) -> step(() -> then.take(value, unwrap(failure))));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Runs {@code step} after every step before it; the first thread there runs them all, one at a time. */
    private void step(Runnable step) {
        steps.add(step);
        while (!steps.isEmpty() && stepping.compareAndSet(false, true)) {
            try {
                Runnable next;
                while ((next = steps.poll()) != null) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        // a step cut short may have left the batch half done: start over from the ledger
                        telemetry.housekeepingFailed(JOB, e);
                        lose();
                    }
                }
            } finally {
                stepping.set(false);
            }
        }
    }

    @FunctionalInterface
    private interface Answer<T> {
        void take(T value, Throwable failure);
    }
}
