package dev.roster.adapters.redis;

import dev.roster.domain.Outcome;
import java.util.concurrent.CompletableFuture;

/**
 * While on, an outcome without change still writes the user's rooms to the room index: on while this node
 * registers its sessions again after Redis lost data, since a shard that lost its data may have lost a room index
 * whose members' presences live elsewhere.
 */
final class RoomReassertion {
    private final RoomIndex rooms;
    private volatile boolean on;

    RoomReassertion(RoomIndex rooms) {
        this.rooms = rooms;
    }

    void set(boolean reasserting) {
        on = reasserting;
    }

    /** {@code applied}, followed while on by writing the rooms of an outcome without change. */
    CompletableFuture<Outcome> after(CompletableFuture<Outcome> applied) {
        if (!on) {
            return applied;
        }
        return applied.thenCompose(outcome -> outcome instanceof Outcome.Changed
                ? CompletableFuture.completedFuture(outcome)
                : rooms.assertIn(outcome.presence()).thenApply(done -> outcome));
    }
}
