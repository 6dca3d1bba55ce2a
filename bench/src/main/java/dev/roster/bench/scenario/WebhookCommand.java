package dev.roster.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.DurationConverter;
import dev.roster.bench.hook.Deliveries;
import dev.roster.bench.hook.HookBatches;
import dev.roster.bench.hook.HookReceiver;
import dev.roster.bench.load.Crowd;
import dev.roster.bench.load.VirtualUser;
import dev.roster.bench.proto.Frame;
import dev.roster.bench.report.Latency;
import dev.roster.bench.report.Progress;
import dev.roster.bench.report.Report;
import dev.roster.bench.server.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Webhook delivery under a steady load. The bench runs the receiver (loopback, signature checked, 200 at once);
 * the nodes must have been started with {@code ROSTER_WEBHOOK_URL} pointing at it and the same secret. Joiners
 * spread over the nodes each join and leave a room of their own, {@code --rate} joins plus leaves a second in all,
 * so that every op makes exactly one event and no presence fan-out; then they leave, close, and the run waits
 * through the grace period for their {@code user.offline}. Reports each event's lag from its {@code at} to its
 * receipt, the events delivered per second while the load ran, the batches, and fails on any event missing,
 * delivered twice, out of its user's order, or refused by the receiver. With {@code --no-receiver}, the same load
 * against nodes without a webhook, for the server CPU per op without delivery.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Joins and leaves at --rate; lag from each event's at to its receipt by the bench's webhook "
                + "receiver, which the nodes must POST to (ROSTER_WEBHOOK_URL=http://127.0.0.1:<receiver-port>/).")
public final class WebhookCommand extends UsersScenario {
    private static final int MIN_SECRET_BYTES = 32;
    private static final long POLL_MILLIS = 50;

    @Option(names = "--rate", defaultValue = "200",
            description = "Joins plus leaves per second, all joiners together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--receiver-port", defaultValue = "18480",
            description = "Loopback port the receiver listens on (default: ${DEFAULT-VALUE}).")
    int receiverPort;

    @Option(names = "--secret", defaultValue = "${env:ROSTER_WEBHOOK_SECRET}",
            description = "The nodes' ROSTER_WEBHOOK_SECRET, to verify signatures (default: $ROSTER_WEBHOOK_SECRET).")
    String secret;

    @Option(names = "--drain", defaultValue = "30s", converter = DurationConverter.class,
            description = "Beyond the grace period, how long to wait for the last events once the users closed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--no-receiver",
            description = "Run the same load without a receiver, against nodes started without a webhook: what the "
                    + "ops cost the server without delivery (with --server-pid). Checks no delivery.")
    boolean noReceiver;

    @Option(names = "--room", description = "Prefix of the joiners' rooms (default: a new one for each run).")
    String room = RunIds.room("webhook");

    /** The joiners' names start with this, new for each run, so that events of an earlier run are told apart. */
    private final String userPrefix = RunIds.room("wh") + "-";

    public WebhookCommand() {
        super(1, 10_000);
    }

    @Option(names = {"-c", "--users"}, defaultValue = "50",
            description = "Joiners, one connection each (default: ${DEFAULT-VALUE}).")
    void users(int users) {
        this.users = users;
    }

    @Override
    protected void validate() {
        super.validate();
        if (rate < 1 || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be 1 to 100000");
        }
        if (receiverPort < 1 || receiverPort > 65_535) {
            throw new IllegalArgumentException("--receiver-port must be 1 to 65535");
        }
        if (!noReceiver && (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)) {
            throw new IllegalArgumentException("give the nodes' webhook secret (at least 32 bytes) with --secret or "
                    + "ROSTER_WEBHOOK_SECRET");
        }
    }

    @Override
    protected Report run(RunContext context) throws Exception {
        Report report = new Report("webhook").parameter("users", users).parameter("rate", rate)
                .parameter("duration", context.duration()).parameter("room", room)
                .parameter("receiverPort", noReceiver ? "none" : receiverPort);
        Deliveries deliveries = new Deliveries(userPrefix);
        Latency connect = new Latency("open->welcome");
        AtomicLong errors = new AtomicLong();
        if (noReceiver) {
            Load load = drive(context, report, deliveries, connect, errors);
            if (load != null) {
                figures(report, load);
                report.latency(connect);
                fail(report, "error frames", errors.get());
            }
            return report;
        }
        try (HookReceiver receiver = HookReceiver.start(receiverPort, secret.getBytes(StandardCharsets.UTF_8),
                new HookBatches(new ObjectMapper()), deliveries, Clock.systemUTC())) {
            Load load = drive(context, report, deliveries, connect, errors);
            if (load == null) {
                return report;
            }
            // closed: each joiner's session.closed now, its user.offline once the grace period has passed
            long deadline = System.nanoTime() + context.grace().plus(drain).toNanos();
            while ((deliveries.roomEvents() < load.ops() || deliveries.offline() < load.opened())
                    && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
            long events = deliveries.events();
            figures(report, load);
            report.figure("delivered during the load per second", load.deliveredDuringLoad() / load.seconds(),
                            "events/s")
                    .figure("events delivered", events, "");
            deliveries.types().forEach((type, count) -> report.figure("events " + type, count, ""));
            long arrivals = events + deliveries.duplicates() + deliveries.others();
            report.figure("webhook requests", receiver.requests(), "")
                    .figure("events per batch (mean)", deliveries.batches() == 0 ? 0
                            : (double) arrivals / deliveries.batches(), "")
                    .figure("largest batch", deliveries.largestBatch(), "")
                    .figure("events of other runs", deliveries.others(), "");
            report.latency(deliveries.roomLag()).latency(deliveries.lag());
            deliveries.lagByType().forEach(report::latency);
            report.latency(connect);
            fail(report, "joins and leaves not delivered within the drain time",
                    Math.max(0, load.ops() - deliveries.roomEvents()));
            fail(report, "users whose user.offline was not delivered within the drain time",
                    Math.max(0, load.opened() - deliveries.offline()));
            fail(report, "events delivered twice", deliveries.duplicates());
            fail(report, "events out of their user's order", deliveries.outOfOrder());
            fail(report, "requests whose signature did not verify, first " + receiver.firstProblem(),
                    receiver.badSignatures());
            fail(report, "requests that were not a batch, first " + receiver.firstProblem(), receiver.unreadable());
            fail(report, "error frames", errors.get());
        }
        return report;
    }

    /**
     * Opens the joiners, drives the ops at the rate, has everyone leave, checks the truth, and closes them; null
     * (with the failure in the report) when not every joiner could open.
     */
    @SuppressWarnings("try") // the progress line only needs to stop when the block ends
    private Load drive(RunContext context, Report report, Deliveries deliveries, Latency connect, AtomicLong errors)
            throws Exception {
        ServerProcess server = context.server().orElse(null);
        AtomicLong sent = new AtomicLong();
        try (Crowd crowd = context.crowd();
             Progress progress = new Progress(context.out(), () -> sent.get() + " ops sent, "
                     + deliveries.roomEvents() + " delivered, " + deliveries.batches() + " batches, "
                     + errors.get() + " errors")) {
            List<VirtualUser> joiners = crowd.open(users, i -> userPrefix + i,
                    i -> context.node(i % context.nodes().size()), (i, name) -> frame -> countErrors(frame, errors),
                    connect);
            int opened = crowd.openCount();
            if (crowd.failures() > 0) {
                report.failure(crowd.failures() + " connections failed to open, first " + crowd.firstFailure());
                report.truth(context.truth(crowd.openUsers()));
                return null;
            }
            boolean[] inRoom = new boolean[users];
            long deliveredBefore = deliveries.roomEvents();
            long cpuBefore = server == null ? 0 : server.cpuNanos();
            long started = System.nanoTime();
            long total = rate * context.duration().toMillis() / 1_000;
            for (long k = 0; k < total; k++) {
                Sleep.until(started + k * 1_000_000_000L / rate);
                int j = (int) (k % users);
                send(joiners.get(j), context, j, inRoom, "op" + k, errors);
                sent.incrementAndGet();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long cpu = server == null ? -1 : server.cpuNanos() - cpuBefore;
            long delivered = deliveries.roomEvents() - deliveredBefore;
            long loadOps = sent.get();
            sent.addAndGet(leaveAll(joiners, context, inRoom, errors));
            report.truth(context.truth(crowd.openUsers()));
            return new Load(opened, loadOps, sent.get(), seconds, cpu, delivered);
        }
    }

    private static void figures(Report report, Load load) {
        report.figure("ops sent (joins and leaves)", load.ops(), "")
                .figure("offered ops per second", load.loadOps() / load.seconds(), "ops/s");
        if (load.cpuNanos() >= 0 && load.loadOps() > 0) {
            // the op, its commit and append, and (with a receiver) the delivery of its event, less whatever of it
            // lagged past the end of the load
            report.figure("server CPU per op during the load", load.cpuNanos() / 1e3 / load.loadOps(), "us");
        }
    }

    /**
     * What the load did.
     *
     * @param opened              joiners that opened
     * @param loadOps             ops sent at the rate
     * @param ops                 those and the leaves sent after them: each makes one event
     * @param seconds             how long the ops at the rate took
     * @param cpuNanos            the server's CPU time meanwhile, -1 when not watched
     * @param deliveredDuringLoad joins and leaves the receiver got meanwhile
     */
    private record Load(int opened, long loadOps, long ops, double seconds, long cpuNanos, long deliveredDuringLoad) {
    }

    /** Sends joiner {@code j}'s next op, a join when it is out of its room and a leave when in; no wait. */
    private void send(VirtualUser joiner, RunContext context, int j, boolean[] inRoom, String id, AtomicLong errors) {
        String frame = inRoom[j] ? context.frames().leave(room(j), id) : context.frames().join(room(j), id);
        inRoom[j] = !inRoom[j];
        joiner.send(frame).whenComplete((ok, error) -> {
            if (error != null) {
                errors.incrementAndGet();
            }
        });
    }

    /** Has every joiner still in its room leave it, waiting for the replies; returns the leaves sent. */
    private long leaveAll(List<VirtualUser> joiners, RunContext context, boolean[] inRoom, AtomicLong errors)
            throws InterruptedException {
        List<CompletableFuture<Frame>> replies = new ArrayList<>();
        for (int j = 0; j < joiners.size(); j++) {
            if (inRoom[j]) {
                inRoom[j] = false;
                replies.add(joiners.get(j).request(context.frames().leave(room(j), "last" + j), "last" + j));
            }
        }
        for (CompletableFuture<Frame> reply : replies) {
            try {
                if (!reply.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS).is("left")) {
                    errors.incrementAndGet();
                }
            } catch (ExecutionException | TimeoutException e) {
                errors.incrementAndGet();
            }
        }
        return replies.size();
    }

    /** Joiner {@code j}'s own room: nobody else is in it, so an op makes one event and no presence fan-out. */
    private String room(int j) {
        return room + "-" + j;
    }

    private static void countErrors(Frame frame, AtomicLong errors) {
        if (frame.is("error")) {
            errors.incrementAndGet();
        }
    }

    private static void fail(Report report, String what, long count) {
        if (count > 0) {
            report.failure(count + " " + what);
        }
    }
}
