package dev.roster.application.port.in;

import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletionStage;

/**
 * An operator disconnects one session, or every session of a user, on whichever nodes hold them. The clients get
 * a close frame with the reason; the sessions then end through the normal disconnect path (grace included), and
 * the action is recorded in the event log: {@code session.disconnected}, before the session's {@code session.closed}.
 */
public interface AdminDisconnectUseCase {
    String REASON = "disconnected by an operator";

    /** Completes with the number of sessions closed (0 when no node held it). */
    CompletionStage<Integer> disconnectSession(SessionId session);

    CompletionStage<Integer> disconnectUser(UserId user);
}
