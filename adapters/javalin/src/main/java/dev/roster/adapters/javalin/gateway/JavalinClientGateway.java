package dev.roster.adapters.javalin.gateway;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.adapters.javalin.ws.Connection;
import dev.roster.adapters.javalin.ws.Connections;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket clients of this node, as the application reaches them: the {@link ClientGateway} port over the
 * open sockets. Created before the application (which delivers through it) and handed to the server, which fills
 * it with the sockets it accepts.
 */
public final class JavalinClientGateway implements ClientGateway {
    /** From how many target sockets a broadcast is encoded into a native buffer. */
    static final int DIRECT_FROM = 16;
    private final Connections connections = new Connections();
    private final ServerFrames frames = new ServerFrames(Json.newMapper());
    private final WsMetrics metrics;
    /** From how many target sessions a room's resolved sockets are kept for its next message. */
    static final int RESOLVED_FROM = 64;
    /** At most this many rooms' sockets are kept; past it all are dropped and found again as messages come. */
    static final int MAX_RESOLVED_ROOMS = 256;
    private final Map<RoomId, Targets> lastTargets = new ConcurrentHashMap<>();
    private volatile long resolvedAt = -1;

    public JavalinClientGateway(MeterRegistry registry) {
        this.metrics = new WsMetrics(registry);
    }

    @Override
    public void deliver(Collection<SessionId> sessions, ClientEvent event) {
        Connection[] targets = sessions.size() >= RESOLVED_FROM && event instanceof RoomEvent.ChatMessage message
                ? resolved(message.room(), sessions) : resolve(sessions);
        ByteBuffer utf8 = null;
        int sent = 0;
        for (Connection connection : targets) {
            if (connection != null) {
                if (utf8 == null) {
                    // encoded once, and only when some target is still here; every socket sends a view of it
                    utf8 = encode(frames.event(event), sessions.size());
                }
                connection.send(utf8);
                sent++;
            }
        }
        if (sent > 0) {
            metrics.framesOut(ServerFrames.eventType(event), sent);
        }
    }

    /** The socket of each session, null for one not (or no longer) here. */
    private Connection[] resolve(Collection<SessionId> sessions) {
        Connection[] targets = new Connection[sessions.size()];
        int i = 0;
        for (SessionId id : sessions) {
            targets[i++] = connections.session(id);
        }
        return targets;
    }

    /**
     * The sockets of a room's sessions, looked up again only when the sessions are not the very ones of the room's
     * last message or some session was bound or unbound since: a room that chats with the same members finds its
     * sockets once, not once per member and message.
     */
    private Connection[] resolved(RoomId room, Collection<SessionId> sessions) {
        long bindings = connections.bindings();
        if (bindings != resolvedAt) {
            // what was found before may hold sockets that have gone: none of it is kept
            lastTargets.clear();
            resolvedAt = bindings;
        }
        Targets last = lastTargets.get(room);
        if (last != null && last.bindings() == bindings && last.sameAs(sessions)) {
            return last.connections();
        }
        Connection[] targets = resolve(sessions);
        if (lastTargets.size() >= MAX_RESOLVED_ROOMS) {
            lastTargets.clear();
        }
        lastTargets.put(room, new Targets(List.copyOf(sessions), targets, bindings));
        return targets;
    }

    /** A room's sessions and their sockets, as found when {@link Connections#bindings()} was {@code bindings}. */
    private record Targets(List<SessionId> sessions, Connection[] connections, long bindings) {
        /** The same session objects in the same order; compared by identity, so without reading them. */
        boolean sameAs(Collection<SessionId> others) {
            if (others.size() != sessions.size()) {
                return false;
            }
            int i = 0;
            for (SessionId other : others) {
                if (other != sessions.get(i++)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The frame as UTF-8 bytes; off the heap when it goes to many sockets, so that the socket writes send it as it
     * is instead of copying it to a native buffer once per socket.
     */
    static ByteBuffer encode(String json, int targets) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (targets < DIRECT_FROM) {
            return ByteBuffer.wrap(bytes);
        }
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    @Override
    public void disconnect(SessionId session, String reason) {
        connections.close(session, reason);
    }

    /** The open sockets, which the server adds to, closes on shutdown and waits for to drain. */
    public Connections connections() {
        return connections;
    }

    /** The frame encoder this gateway uses, shared with the HTTP side so both write JSON the same way. */
    public ServerFrames frames() {
        return frames;
    }

    /** The socket and frame counters, shared with the server's endpoint that counts what arrives. */
    public WsMetrics metrics() {
        return metrics;
    }
}
