package dev.roster.application.service;

import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.SayUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.domain.Rejection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class SayService implements SayUseCase {
    private final RoomMessageBus bus;
    private final Clock clock;
    private final LocalRoster roster;

    SayService(RoomMessageBus bus, Clock clock, LocalRoster roster) {
        this.bus = bus;
        this.clock = clock;
        this.roster = roster;
    }

    @Override
    public CompletionStage<Void> say(SayCommand command) {
        var session = command.session();
        // the session is held here, so this node knows its rooms without asking the store
        if (!roster.isMember(session.id(), command.room())) {
            return CompletableFuture.failedFuture(new PresenceRejectedException(Rejection.NOT_MEMBER));
        }
        return bus.publish(new ChatMessage(command.room(), session.user(), command.text(), clock.now(),
                session.id()));
    }
}
