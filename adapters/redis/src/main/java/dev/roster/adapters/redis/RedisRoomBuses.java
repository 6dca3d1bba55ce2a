package dev.roster.adapters.redis;

import dev.roster.adapters.runtime.DaemonThreads;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.RoomId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both room buses over one Redis channel per room and one subscriber connection per node. The node hears a room's
 * channel while either bus wants the room; what arrives is decoded and handed to the bus's listener on one
 * dispatch thread of its own, in arrival order, so that Lettuce's I/O thread never waits on delivery. What fails
 * with nobody to answer (a message that cannot be read, a listener that throws, a subscription that does not
 * happen now) is told to the telemetry.
 */
public final class RedisRoomBuses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRoomBuses.class);

    private final PubSub pubSub;
    private final Keys keys;
    private final Telemetry telemetry;
    private final RoomEventCodec codec = new RoomEventCodec();
    private final Map<RoomId, Integer> wanted = new HashMap<>();
    private final Queue<Held> held = new ArrayDeque<>();
    private int subscribing;
    private final ExecutorService dispatch;
    private volatile Consumer<PresenceNotice> presenceListener = event -> { };
    private volatile Consumer<ChatMessage> messageListener = event -> { };
    private final PresenceEventBus presence = new Presence();
    private final RoomMessageBus messages = new Messages();

    RedisRoomBuses(PubSub pubSub, Keys keys, Telemetry telemetry) {
        this.pubSub = pubSub;
        this.keys = keys;
        this.telemetry = telemetry;
        this.dispatch = Executors.newSingleThreadExecutor(DaemonThreads.named("roster-redis-bus"));
        pubSub.onMessage(this::received);
    }

    public PresenceEventBus presence() {
        return presence;
    }

    public RoomMessageBus messages() {
        return messages;
    }

    /**
     * Publishes at once, unless a subscription of this node is still on its way: then the event waits for it, so
     * that a node hears what it publishes right after joining a room. Waiting events leave in publish order.
     */
    private synchronized CompletionStage<Void> publish(RoomEvent event) {
        String channel = keys.channel(event.room());
        String message = codec.encode(event);
        if (subscribing == 0 && held.isEmpty()) {
            return pubSub.publish(channel, message);
        }
        Held waiting = new Held(channel, message, new CompletableFuture<>());
        held.add(waiting);
        return waiting.sent();
    }

    private synchronized void want(RoomId room) {
        int count = wanted.merge(room, 1, Integer::sum);
        if (count == 1) {
            subscribing++;
            pubSub.subscribe(keys.channel(room)).whenComplete((done, e) -> {
                if (e != null) {
                    logged("subscribe to", room, e);
                }
                subscribed();
            });
        }
    }

    private synchronized void subscribed() {
        subscribing--;
        if (subscribing > 0) {
            return;
        }
        Held next;
        while ((next = held.poll()) != null) {
            Held sending = next;
            pubSub.publish(sending.channel(), sending.message()).whenComplete((done, e) -> {
                if (e != null) {
                    sending.sent().completeExceptionally(e);
                } else {
                    sending.sent().complete(null);
                }
            });
        }
    }

    private record Held(String channel, String message, CompletableFuture<Void> sent) {
    }

    private synchronized void unwant(RoomId room) {
        Integer count = wanted.computeIfPresent(room, (r, n) -> n > 1 ? n - 1 : null);
        if (count == null) {
            pubSub.unsubscribe(keys.channel(room)).exceptionally(e -> logged("unsubscribe from", room, e));
        }
    }

    /** Subscribes again to every room this node hears, after Redis lost its state; harmless if nothing was lost. */
    public synchronized CompletableFuture<Void> resubscribe() {
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> channels = wanted.keySet().stream().map(keys::channel).toList();
        return pubSub.subscribe(channels.toArray(String[]::new));
    }

    private Void logged(String what, RoomId room, Throwable e) {
        // Lettuce keeps the channel in its own list and subscribes again on reconnect
        LOG.debug("could not {} room {} now", what, room, e);
        telemetry.adapterFailed("room_subscription", e);
        return null;
    }

    private void received(String channel, String message) {
        if (Keys.roomOfChannel(channel) == null) {
            return;
        }
        try {
            dispatch.execute(() -> deliver(message));
        } catch (RejectedExecutionException closing) {
            LOG.debug("bus closed, dropping a message of {}", channel);
        }
    }

    private void deliver(String message) {
        RoomEvent event;
        try {
            event = codec.decode(message);
        } catch (RuntimeException e) {
            LOG.debug("dropped a room event that could not be read", e);
            telemetry.adapterFailed("undecodable_message", e);
            return;
        }
        try {
            if (event instanceof PresenceNotice notice) {
                presenceListener.accept(notice);
            } else if (event instanceof ChatMessage chat) {
                messageListener.accept(chat);
            }
        } catch (RuntimeException e) {
            LOG.debug("a listener dropped a room event", e);
            telemetry.adapterFailed(event instanceof PresenceNotice ? "presence_listener" : "message_listener", e);
        }
    }

    @Override
    public void close() {
        dispatch.shutdown();
        pubSub.close();
    }

    private abstract class Bus<E extends RoomEvent> implements RoomBus<E> {
        @Override
        public CompletionStage<Void> publish(E event) {
            return RedisRoomBuses.this.publish(event);
        }

        @Override
        public void subscribe(RoomId room) {
            want(room);
        }

        @Override
        public void unsubscribe(RoomId room) {
            unwant(room);
        }
    }

    private final class Presence extends Bus<PresenceNotice> implements PresenceEventBus {
        @Override
        public void listen(Consumer<PresenceNotice> listener) {
            presenceListener = listener;
        }
    }

    private final class Messages extends Bus<ChatMessage> implements RoomMessageBus {
        @Override
        public void listen(Consumer<ChatMessage> listener) {
            messageListener = listener;
        }
    }
}
