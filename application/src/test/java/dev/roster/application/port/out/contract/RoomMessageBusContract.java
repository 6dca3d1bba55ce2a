package dev.roster.application.port.out.contract;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;

/** {@link RoomBusContract} for chat messages; an adapter's test implements {@link #newBus()}. */
public abstract class RoomMessageBusContract extends RoomBusContract<ChatMessage> {
    private final Instant at = Stages.now();

    @Override
    protected abstract RoomMessageBus newBus() throws Exception;

    @Override
    protected ChatMessage event(RoomId room, int n) {
        String text = "say \"hi\"\n\t\u00e9\u4e2d\ud83d\ude00 {\"type\":\"x\"} #" + n;
        return new ChatMessage(room, UserId.of("user-" + n), text, at.plusMillis(n), SessionId.of("session-" + n));
    }
}
