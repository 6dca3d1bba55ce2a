package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory bus does beyond the port contract. Delivery is in publish order on one thread and a publish
 * completes after delivery, so once a later event is heard an earlier one would have been: absences are certain.
 */
class InMemoryRoomBusTest {
    private static final RoomId HALL = RoomId.of("hall");
    private static final RoomId KITCHEN = RoomId.of("kitchen");

    private final InMemoryRoomMessageBus bus = new InMemoryRoomMessageBus();
    private final Queue<ChatMessage> heard = new ConcurrentLinkedQueue<>();

    @AfterEach
    void close() {
        bus.close();
    }

    private static ChatMessage said(RoomId room, String text) {
        return new ChatMessage(room, UserId.of("ann"), text, Instant.EPOCH, null);
    }

    @Test
    void aRoomNobodySubscribedIsNotDelivered() {
        bus.listen(heard::add);
        bus.subscribe(HALL);

        await(bus.publish(said(KITCHEN, "unheard")));
        await(bus.publish(said(HALL, "heard")));

        assertThat(heard).containsExactly(said(HALL, "heard"));
    }

    @Test
    void subscriptionsAreCountedPerRoom() {
        bus.listen(heard::add);
        bus.subscribe(HALL);
        bus.subscribe(HALL);
        bus.unsubscribe(HALL);
        await(bus.publish(said(HALL, "still subscribed once")));
        bus.unsubscribe(HALL);
        bus.unsubscribe(HALL);
        await(bus.publish(said(HALL, "nobody left")));
        bus.subscribe(HALL);
        await(bus.publish(said(HALL, "subscribed again")));

        assertThat(heard).extracting(ChatMessage::text).containsExactly("still subscribed once", "subscribed again");
    }

    @Test
    void theListenerRunsOnTheBusThreadAndAPublishCompletesAfterIt() {
        Thread caller = Thread.currentThread();
        Queue<Thread> threads = new ConcurrentLinkedQueue<>();
        bus.listen(event -> {
            threads.add(Thread.currentThread());
            heard.add(event);
        });
        bus.subscribe(HALL);

        await(bus.publish(said(HALL, "one")));

        assertThat(heard).hasSize(1);
        assertThat(threads).hasSize(1).doesNotContain(caller);
        assertThat(threads.peek().isDaemon()).isTrue();
    }

    @Test
    void aFailingListenerNeitherFailsThePublisherNorStopsLaterEvents() {
        bus.listen(event -> {
            if (event.text().equals("boom")) {
                throw new IllegalStateException("listener failure");
            }
            heard.add(event);
        });
        bus.subscribe(HALL);

        await(bus.publish(said(HALL, "boom")));
        await(bus.publish(said(HALL, "after")));

        assertThat(heard).extracting(ChatMessage::text).containsExactly("after");
    }

    @Test
    void aReplacedListenerHearsNothingMore() {
        Queue<ChatMessage> first = new ConcurrentLinkedQueue<>();
        bus.listen(first::add);
        bus.subscribe(HALL);
        await(bus.publish(said(HALL, "to the first")));

        bus.listen(heard::add);
        await(bus.publish(said(HALL, "to the second")));

        assertThat(first).extracting(ChatMessage::text).containsExactly("to the first");
        assertThat(heard).extracting(ChatMessage::text).containsExactly("to the second");
    }

    @Test
    void aClosedBusRefusesToPublish() {
        bus.close();

        assertThatThrownBy(() -> await(bus.publish(said(HALL, "late"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> bus.publish(null)).isInstanceOf(NullPointerException.class);
    }
}
