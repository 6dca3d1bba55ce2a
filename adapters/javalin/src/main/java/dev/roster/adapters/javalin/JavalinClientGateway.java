package dev.roster.adapters.javalin;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.adapters.javalin.ws.Connection;
import dev.roster.adapters.javalin.ws.Connections;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.SessionId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The WebSocket clients of this node, as the application reaches them. Created before the application (which
 * delivers through it) and handed to {@link RosterServer}, which fills it with the sockets it accepts.
 */
public final class JavalinClientGateway implements ClientGateway {
    private final Connections connections = new Connections();
    private final ServerFrames frames = new ServerFrames(Json.newMapper());
    private final WsMetrics metrics;

    public JavalinClientGateway(MeterRegistry registry) {
        this.metrics = new WsMetrics(registry);
    }

    @Override
    public void deliver(Collection<SessionId> sessions, RoomEvent event) {
        ByteBuffer utf8 = null;
        String type = ServerFrames.eventType(event);
        for (SessionId id : sessions) {
            Connection connection = connections.session(id);
            if (connection != null) {
                if (utf8 == null) {
                    // encoded once, to bytes, and only when some target is still here; every socket sends a view
                    utf8 = ByteBuffer.wrap(frames.event(event).getBytes(StandardCharsets.UTF_8));
                }
                connection.send(utf8, type);
            }
        }
    }

    @Override
    public void disconnect(SessionId session, String reason) {
        connections.close(session, reason);
    }

    Connections connections() {
        return connections;
    }

    /** The frame encoder this gateway uses, shared with the HTTP side so both write JSON the same way. */
    public ServerFrames frames() {
        return frames;
    }

    WsMetrics metrics() {
        return metrics;
    }
}
