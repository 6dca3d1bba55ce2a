package dev.roster.application.port.out;

import dev.roster.domain.AuthorizationUnavailableException;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The application's own say on who may join which room: asked when a user's credentials do not grant a room by
 * themselves. Completes with {@code true} when the user may join, {@code false} when it may not, and fails with
 * {@link AuthorizationUnavailableException} when no answer could be had; a join is then refused, never let through.
 */
public interface RoomAuthorizer {

    CompletionStage<Boolean> allows(UserId user, RoomId room);

    /** No authorizer is configured: the application decides from its settings alone and never asks this one. */
    RoomAuthorizer NONE = (user, room) -> CompletableFuture.failedFuture(
            new AuthorizationUnavailableException("no room authorizer is configured"));
}
