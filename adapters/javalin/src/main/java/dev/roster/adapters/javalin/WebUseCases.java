package dev.roster.adapters.javalin;

import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.in.ConnectUseCase;
import dev.roster.application.port.in.DisconnectUseCase;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.JoinRoomUseCase;
import dev.roster.application.port.in.LeaveRoomUseCase;
import dev.roster.application.port.in.NodeHealthUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.application.port.in.SayUseCase;
import dev.roster.application.port.in.SetStatusUseCase;
import dev.roster.application.port.in.WhoUseCase;
import java.util.Objects;

/**
 * The use cases the web side drives, and nothing else: the handshake authenticates, the socket connects and
 * disconnects, client frames join, leave, set a status, say and ask who is in a room, the operator API queries and
 * disconnects, the probes and the handshake ask whether the store answers, back ends and the dashboard read the
 * event log, and operators see how its delivery to the webhook goes.
 */
public record WebUseCases(AuthenticateUseCase authenticate, ConnectUseCase connect, DisconnectUseCase disconnect,
                          JoinRoomUseCase join, LeaveRoomUseCase leave, SetStatusUseCase setStatus, SayUseCase say,
                          WhoUseCase who, QueryPresenceUseCase query, AdminDisconnectUseCase adminDisconnect,
                          NodeHealthUseCase health, ReadEventsUseCase events, EventDeliveryUseCase delivery) {
    public WebUseCases {
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(disconnect, "disconnect");
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(leave, "leave");
        Objects.requireNonNull(setStatus, "setStatus");
        Objects.requireNonNull(say, "say");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(adminDisconnect, "adminDisconnect");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(delivery, "delivery");
    }
}
