package dev.roster.application.port.out;

import dev.roster.domain.Outcome;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletionStage;

/**
 * The shared truth of every user's presence. Applies one transition to one user atomically: two nodes racing on
 * the same user are serialised, never interleaved. Fails with {@link StoreUnavailableException} when the store
 * cannot be reached; then nothing changed.
 */
public interface SessionRegistry {

    /**
     * Applies {@code transition} to the user's current presence (an unknown user is {@code Presence.unknown}) and,
     * when it returns {@code Outcome.Changed}, stores the new presence, keeps every index in step with it, and
     * appends the outcome's events to the {@link EventLog}, all in one atomic step: the events are appended once,
     * in their order, exactly when the change is committed.
     * The transition may run more than once if another node changed the user meanwhile; it must be pure.
     * A changed outcome comes back with {@code Outcome.Changed#roomSizes()}: the members the room index counts, right
     * after the change, in each room whose membership it altered (a room whose index could not be written yet is
     * left out), counted by the same step that writes the index.
     */
    CompletionStage<Outcome> apply(UserId user, Transition transition);
}
