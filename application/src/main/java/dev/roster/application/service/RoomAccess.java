package dev.roster.application.service;

import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.domain.AuthorizationUnavailableException;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Who may join which room, in this order: the credentials' own grants; else, when an authorizer is configured, its
 * answer (it decides alone: open rooms do not overrule it); else whether the operator opened every room. Anything
 * else is {@link Rejection#FORBIDDEN}, and an authorizer that cannot answer is {@link Rejection#AUTHZ_UNAVAILABLE}:
 * a join is never let through for want of an answer. It reads nothing about the room, so a refusal is the same
 * whether the room exists, is empty or is full.
 */
final class RoomAccess {
    private static final CompletableFuture<Void> ALLOWED = CompletableFuture.completedFuture(null);

    private final RoomAuthorizer authorizer;
    private final boolean roomsOpen;

    RoomAccess(RoomAuthorizer authorizer, boolean roomsOpen) {
        this.authorizer = authorizer;
        this.roomsOpen = roomsOpen;
    }

    /** Completes when the user may join the room; fails with a {@link PresenceRejectedException} when not. */
    CompletionStage<Void> check(UserId user, RoomGrants grants, RoomId room) {
        if (grants.allows(room)) {
            return ALLOWED;
        }
        if (authorizer != RoomAuthorizer.NONE) {
            return Stages.calling(() -> authorizer.allows(user, room)).handle((allowed, failure) -> {
                if (failure != null) {
                    throw refusal(failure);
                }
                if (!Boolean.TRUE.equals(allowed)) {
                    throw new PresenceRejectedException(Rejection.FORBIDDEN);
                }
                return null;
            });
        }
        return roomsOpen ? ALLOWED : CompletableFuture.failedFuture(new PresenceRejectedException(Rejection.FORBIDDEN));
    }

    private static RuntimeException refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof AuthorizationUnavailableException) {
            return new PresenceRejectedException(Rejection.AUTHZ_UNAVAILABLE);
        }
        // an authorizer failing in a way it does not name still refuses the join; the caller sees why
        return failure instanceof RuntimeException runtime ? runtime : new CompletionException(failure);
    }
}
