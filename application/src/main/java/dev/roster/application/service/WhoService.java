package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.in.WhoUseCase;
import dev.roster.domain.Rejection;
import java.util.List;
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
    public CompletionStage<List<Member>> who(RoomCommand command) {
        if (!roster.isMember(command.session().id(), command.room())) {
            return CompletableFuture.failedFuture(new PresenceRejectedException(Rejection.NOT_MEMBER));
        }
        return members.of(command.room());
    }
}
