package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoomBus} must do: the events of a subscribed room reach the listener, each once, in publish
 * order per room. Whether a bus also delivers rooms nobody subscribed is not part of the guarantee (the
 * application delivers only to its local members anyway), so no test here asserts an absence.
 *
 * <p>An adapter's test extends {@link PresenceEventBusContract} or {@link RoomMessageBusContract}.
 */
public abstract class RoomBusContract<E extends RoomEvent> {

    /** A bus of its own for this test: nothing subscribed, no listener yet. */
    protected abstract RoomBus<E> newBus() throws Exception;

    /** Releases what {@link #newBus()} took; nothing by default. */
    protected void discard(RoomBus<E> bus) throws Exception {
    }

    /** An event for the room, told apart from every other by {@code n}; its fields should test the encoding. */
    protected abstract E event(RoomId room, int n);

    private RoomBus<E> bus;
    private final Queue<E> heard = new ConcurrentLinkedQueue<>();

    @BeforeEach
    final void openBus() throws Exception {
        bus = newBus();
        bus.listen(heard::add);
    }

    @AfterEach
    final void discardBus() throws Exception {
        discard(bus);
    }

    @Test
    void aSubscribedRoomHearsWhatIsPublished() {
        RoomId room = RoomId.of("hall");
        bus.subscribe(room);
        E event = event(room, 1);

        await(bus.publish(event));

        await().atMost(Stages.TIMEOUT).until(() -> heard.contains(event));
        assertThat(heard).containsExactly(event);
    }

    @Test
    void eventsArriveOnceEachInPublishOrderPerRoom() {
        RoomId hall = RoomId.of("hall");
        RoomId kitchen = RoomId.of("kitchen");
        bus.subscribe(hall);
        bus.subscribe(kitchen);
        List<E> toHall = new ArrayList<>();
        List<E> toKitchen = new ArrayList<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            toHall.add(event(hall, n));
            toKitchen.add(event(kitchen, n));
            sent.add(bus.publish(toHall.get(n)).toCompletableFuture());
            sent.add(bus.publish(toKitchen.get(n)).toCompletableFuture());
        }
        await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));

        await().atMost(Stages.TIMEOUT).until(() -> heard.size() >= 200);
        assertThat(heard.stream().filter(e -> e.room().equals(hall))).containsExactlyElementsOf(toHall);
        assertThat(heard.stream().filter(e -> e.room().equals(kitchen))).containsExactlyElementsOf(toKitchen);
        assertThat(heard).hasSize(200);
    }

    @Test
    void publishersOnManyThreadsKeepTheirOrderPerRoom() throws Exception {
        int threads = 4;
        int each = 50;
        List<List<E>> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RoomId room = RoomId.of("room-" + t);
            bus.subscribe(room);
            List<E> events = new ArrayList<>();
            for (int n = 0; n < each; n++) {
                events.add(event(room, n));
            }
            expected.add(events);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<E> events : expected) {
                done.add(pool.submit(() -> events.forEach(e -> await(bus.publish(e)))));
            }
            for (Future<?> f : done) {
                f.get(Stages.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        await().atMost(Stages.TIMEOUT).until(() -> heard.size() >= threads * each);
        for (List<E> events : expected) {
            RoomId room = events.get(0).room();
            assertThat(heard.stream().filter(e -> e.room().equals(room))).containsExactlyElementsOf(events);
        }
        assertThat(heard).hasSize(threads * each);
    }

    @Test
    void aRoomSubscribedAgainIsHeardAgain() {
        RoomId room = RoomId.of("hall");
        bus.subscribe(room);
        bus.unsubscribe(room);
        bus.subscribe(room);
        E event = event(room, 7);

        await(bus.publish(event));

        await().atMost(Stages.TIMEOUT).until(() -> heard.contains(event));
    }

    @Test
    void publishingToARoomNobodyHearsStillSucceeds() {
        RoomId heardRoom = RoomId.of("hall");
        bus.subscribe(heardRoom);

        await(bus.publish(event(RoomId.of("empty"), 1)));
        E marker = event(heardRoom, 2);
        await(bus.publish(marker));

        await().atMost(Stages.TIMEOUT).until(() -> heard.contains(marker));
    }
}
