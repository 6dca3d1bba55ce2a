package dev.roster.application.service;

import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.Limits;
import dev.roster.domain.Rejection;
import java.util.concurrent.CompletionStage;

final class AuthenticateService implements AuthenticateUseCase {
    private final Authenticator authenticator;
    private final PresenceDirectory directory;
    private final Limits limits;

    AuthenticateService(Authenticator authenticator, PresenceDirectory directory, Limits limits) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.limits = limits;
    }

    @Override
    public CompletionStage<Identity> authenticate(Credentials credentials) {
        // an early look, so that a client over the limit is refused before the upgrade; the open itself holds the
        // limit atomically, for the clients that pass here together
        return Stages.calling(() -> authenticator.authenticate(credentials))
                .thenCompose(identity -> directory.find(identity.user()).thenApply(presence -> {
                    if (!limits.admitsSession(presence.sessions().size())) {
                        throw new PresenceRejectedException(Rejection.TOO_MANY_SESSIONS);
                    }
                    return identity;
                }));
    }
}
