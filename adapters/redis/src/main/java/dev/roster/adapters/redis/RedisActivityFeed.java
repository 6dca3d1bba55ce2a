package dev.roster.adapters.redis;

import dev.roster.application.port.out.ActivityFeed;
import dev.roster.domain.Activity;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The operators' activity feed on one channel every node hears. Every presence change is a line of it, so lines are
 * sent in batches: one {@code PUBLISH} at a time, and whatever was published while it was on its way goes as the
 * next one (at most {@link #MAX_BATCH} lines). A quiet node sends each line at once; a busy one sends one message
 * per round trip instead of one per change. A node's lines keep their order.
 */
final class RedisActivityFeed implements ActivityFeed {
    static final int MAX_BATCH = 500;

    private record Line(Activity activity, CompletableFuture<Void> sent) {
    }

    private final Broadcast<List<Activity>> channel;
    private final Queue<Line> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    RedisActivityFeed(Broadcast<List<Activity>> channel) {
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> publish(Activity activity) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        waiting.add(new Line(activity, sent));
        sendNext();
        return sent;
    }

    private void sendNext() {
        while (!waiting.isEmpty() && sending.compareAndSet(false, true)) {
            List<Line> batch = new ArrayList<>();
            for (Line line = waiting.poll(); line != null; line = batch.size() < MAX_BATCH ? waiting.poll() : null) {
                batch.add(line);
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue;
            }
            CompletionStage<Void> published;
            try {
                published = channel.publish(batch.stream().map(Line::activity).toList());
            } catch (RuntimeException e) {
                published = CompletableFuture.failedFuture(e);
            }
            published.whenComplete((done, failure) -> {
                for (Line line : batch) {
                    if (failure == null) {
                        line.sent().complete(null);
                    } else {
                        line.sent().completeExceptionally(failure);
                    }
                }
                sending.set(false);
                sendNext();
            });
            return;
        }
    }

    @Override
    public void listen(Consumer<Activity> listener) {
        channel.listen(batch -> batch.forEach(listener));
    }
}
