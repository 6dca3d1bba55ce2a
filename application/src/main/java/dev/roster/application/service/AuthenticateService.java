package dev.roster.application.service;

import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.out.Authenticator;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import java.util.concurrent.CompletionStage;

final class AuthenticateService implements AuthenticateUseCase {
    private final Authenticator authenticator;

    AuthenticateService(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public CompletionStage<Identity> authenticate(Credentials credentials) {
        return authenticator.authenticate(credentials);
    }
}
