package dev.roster.adapters.memory;

import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The clients of one node, as a record of what each session was sent. */
final class RecordingGateway implements ClientGateway {
    private record Delivery(SessionId to, ClientEvent event) {
    }

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Queue<SessionId> disconnected = new ConcurrentLinkedQueue<>();

    @Override
    public void deliver(Collection<SessionId> sessions, ClientEvent event) {
        sessions.forEach(session -> deliveries.add(new Delivery(session, event)));
    }

    @Override
    public void disconnect(SessionId session, String reason) {
        disconnected.add(session);
    }

    List<ClientEvent> sentTo(Session session) {
        return deliveries.stream().filter(d -> d.to().equals(session.id())).map(Delivery::event).toList();
    }

    List<PresenceNotice> noticesTo(Session session) {
        return sentTo(session).stream().filter(PresenceNotice.class::isInstance).map(PresenceNotice.class::cast)
                .toList();
    }

    List<ChatMessage> messagesTo(Session session) {
        return sentTo(session).stream().filter(ChatMessage.class::isInstance).map(ChatMessage.class::cast).toList();
    }

    int total() {
        return deliveries.size();
    }

    List<SessionId> disconnected() {
        return List.copyOf(disconnected);
    }
}
