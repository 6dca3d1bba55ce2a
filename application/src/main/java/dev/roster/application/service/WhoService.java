package dev.roster.application.service;

import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.WhoUseCase;
import dev.roster.domain.Rejection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class WhoService implements WhoUseCase {
    private final LocalRoster roster;
    private final RoomMembers members;

    WhoService(LocalRoster roster, RoomMembers members) {
        this.roster = roster;
        this.members = members;
    }

    @Override
    public CompletionStage<MemberPage> who(WhoCommand command) {
        if (!roster.isMember(command.session().id(), command.room())) {
            return CompletableFuture.failedFuture(new PresenceRejectedException(Rejection.NOT_MEMBER));
        }
        return members.page(command.room(), command.limit(), command.cursor());
    }
}
