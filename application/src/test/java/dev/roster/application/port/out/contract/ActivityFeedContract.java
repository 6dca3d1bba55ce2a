package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ActivityFeed} must do; an adapter's test implements {@link #newFeed()}. */
public abstract class ActivityFeedContract {

    /** A feed of its own for this test, with no listener yet. */
    protected abstract ActivityFeed newFeed() throws Exception;

    /** Releases what {@link #newFeed()} took; nothing by default. */
    protected void discard(ActivityFeed feed) throws Exception {
    }

    private ActivityFeed feed;
    private final Instant at = Stages.now();

    @BeforeEach
    final void openFeed() throws Exception {
        feed = newFeed();
    }

    @AfterEach
    final void discardFeed() throws Exception {
        discard(feed);
    }

    /** Activity number {@code n}: every kind in turn, with every field set on even numbers and only the required on odd. */
    private Activity activity(int n) {
        boolean full = n % 2 == 0;
        Instant when = at.plusMillis(n);
        UserId user = UserId.of("user-" + n);
        SessionId session = full ? SessionId.of("session-" + n) : null;
        String device = full ? "web \u2615" : null;
        return switch (n % 9) {
            case 0 -> new Activity.CameOnline(user, PresenceState.BUSY, when);
            case 1 -> new Activity.WentOffline(user, when);
            case 2 -> new Activity.StatusChanged(user, PresenceState.AWAY, full ? "in a \"meeting\" \u2615 #" + n : null,
                    session, when);
            case 3 -> new Activity.JoinedRoom(user, RoomId.of("room-" + n), PresenceState.ONLINE, session, when);
            case 4 -> new Activity.LeftRoom(user, RoomId.of("room-" + n), session, when);
            case 5 -> new Activity.SessionOpened(user, SessionId.of("session-" + n), NodeId.of("node-" + n), device, n,
                    when);
            case 6 -> new Activity.SessionClosed(user, SessionId.of("session-" + n), NodeId.of("node-" + n), device, n,
                    when);
            case 7 -> new Activity.DisconnectedByAdmin(user, SessionId.of("session-" + n), NodeId.of("node-" + n),
                    device, when);
            default -> new Activity.NodeRemoved(NodeId.of("node-" + n), n, 2 * n, when);
        };
    }

    @Test
    void everyListenerHearsEveryActivityOnceInPublishOrder() {
        Queue<Activity> first = new ConcurrentLinkedQueue<>();
        Queue<Activity> second = new ConcurrentLinkedQueue<>();
        feed.listen(first::add);
        feed.listen(second::add);
        List<Activity> published = new ArrayList<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            published.add(activity(n));
            sent.add(feed.publish(published.get(n)).toCompletableFuture());
        }
        await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));

        await().atMost(Stages.TIMEOUT).until(() -> first.size() >= 50 && second.size() >= 50);
        assertThat(first).containsExactlyElementsOf(published);
        assertThat(second).containsExactlyElementsOf(published);
    }

    @Test
    void aListenerAddedLaterHearsWhatFollows() {
        Queue<Activity> early = new ConcurrentLinkedQueue<>();
        feed.listen(early::add);
        await(feed.publish(activity(0)));
        await().atMost(Stages.TIMEOUT).until(() -> early.size() == 1);

        Queue<Activity> late = new ConcurrentLinkedQueue<>();
        feed.listen(late::add);
        await(feed.publish(activity(1)));

        await().atMost(Stages.TIMEOUT).until(() -> late.contains(activity(1)) && early.size() == 2);
        assertThat(early).containsExactly(activity(0), activity(1));
    }
}
