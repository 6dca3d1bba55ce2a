package dev.roster.application.port.out;

import dev.roster.domain.NodeId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Commands between nodes: an operator on one node disconnects sessions held by another. Every node hears every
 * message, its own included, and ignores what is not for it.
 */
public interface ControlBus {

    CompletionStage<Void> publish(ControlMessage message);

    void listen(Consumer<ControlMessage> listener);

    /** What travels on the control bus. */
    sealed interface ControlMessage {
        String request();
    }

    /**
     * Close these sessions (or every session of {@code user} when {@code session} is null) wherever they are held.
     * {@code fromBoot} is the asking node's boot, which handles its own sessions itself.
     */
    record Disconnect(String request, String fromBoot, UserId user, SessionId session, String reason)
            implements ControlMessage {
    }

    /** A node's answer to {@link Disconnect}: how many of its sessions it closed. */
    record Disconnected(String request, String toBoot, NodeId node, int closed) implements ControlMessage {
    }

    /** A bus for a single node: nobody else to tell. */
    ControlBus NONE = new ControlBus() {
        @Override
        public CompletionStage<Void> publish(ControlMessage message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void listen(Consumer<ControlMessage> listener) {
            // no other node ever speaks
        }
    };
}
