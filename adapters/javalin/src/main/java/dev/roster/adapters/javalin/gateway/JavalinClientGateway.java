package dev.roster.adapters.javalin.gateway;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.adapters.javalin.ws.Connection;
import dev.roster.adapters.javalin.ws.Connections;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.domain.SessionId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

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

    public JavalinClientGateway(MeterRegistry registry) {
        this.metrics = new WsMetrics(registry);
    }

    @Override
    public void deliver(Collection<SessionId> sessions, ClientEvent event) {
        ByteBuffer utf8 = null;
        int sent = 0;
        for (SessionId id : sessions) {
            Connection connection = connections.session(id);
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
