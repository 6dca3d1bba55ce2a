package dev.roster.application.port.out;

import dev.roster.domain.SessionId;
import java.util.Collection;

/** The connected clients of this node, as the application sees them. Never blocks. */
public interface ClientGateway {

    /** Sends one event to each of these sessions; the event is encoded once, whatever their number. */
    void deliver(Collection<SessionId> sessions, ClientEvent event);

    /** Closes the session's connection with a reason the client can show. */
    void disconnect(SessionId session, String reason);
}
