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
import dev.roster.domain.DeadLetter;
import dev.roster.domain.LoggedEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
    /** A log that keeps nothing: every read is empty, and no signal ever comes. */
    public static final ReadEventsUseCase NO_EVENTS = new ReadEventsUseCase() {
        @Override
        public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<List<LoggedEvent>> latest(int limit) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public AutoCloseable whenAppended(Runnable signal) {
            return () -> {
            };
        }
    };

    /** No webhook configured: a delivery that never runs, with nothing delivered and no dead letter. */
    public static final EventDeliveryUseCase NO_DELIVERY = new EventDeliveryUseCase() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public CompletionStage<DeliveryStatus> status() {
            return CompletableFuture.completedFuture(new DeliveryStatus(null, null, null, 0, null, null));
        }

        @Override
        public CompletionStage<List<DeadLetter>> deadLetters(int limit) {
            return CompletableFuture.completedFuture(List.of());
        }
    };

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

    /** The use cases of a node without an event log or a webhook ({@link #NO_EVENTS}, {@link #NO_DELIVERY}). */
    public WebUseCases(AuthenticateUseCase authenticate, ConnectUseCase connect, DisconnectUseCase disconnect,
                       JoinRoomUseCase join, LeaveRoomUseCase leave, SetStatusUseCase setStatus, SayUseCase say,
                       WhoUseCase who, QueryPresenceUseCase query, AdminDisconnectUseCase adminDisconnect,
                       NodeHealthUseCase health) {
        this(authenticate, connect, disconnect, join, leave, setStatus, say, who, query, adminDisconnect, health,
                NO_EVENTS, NO_DELIVERY);
    }

    /** These use cases reading the event log through {@code events} and showing {@code delivery}. */
    public WebUseCases withEvents(ReadEventsUseCase events, EventDeliveryUseCase delivery) {
        return new WebUseCases(authenticate, connect, disconnect, join, leave, setStatus, say, who, query,
                adminDisconnect, health, events, delivery);
    }
}
