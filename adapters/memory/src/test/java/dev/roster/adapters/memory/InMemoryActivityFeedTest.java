package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.Activity;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the in-memory feed does beyond the port contract; a publish completes after every listener ran. */
class InMemoryActivityFeedTest {
    private final InMemoryActivityFeed feed = new InMemoryActivityFeed();

    @AfterEach
    void close() {
        feed.close();
    }

    private static Activity wentOffline(String user) {
        return new Activity.WentOffline(UserId.of(user), Instant.EPOCH);
    }

    @Test
    void aFailingListenerKeepsNoOtherListenerFromTheActivity() {
        Queue<Activity> heard = new ConcurrentLinkedQueue<>();
        feed.listen(activity -> {
            throw new IllegalStateException("listener failure");
        });
        feed.listen(heard::add);

        await(feed.publish(wentOffline("ann")));
        await(feed.publish(wentOffline("bob")));

        assertThat(heard).containsExactly(wentOffline("ann"), wentOffline("bob"));
    }

    @Test
    void aClosedFeedRefusesToPublish() {
        feed.close();

        assertThatThrownBy(() -> await(feed.publish(wentOffline("ann")))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> feed.listen(null)).isInstanceOf(NullPointerException.class);
    }
}
