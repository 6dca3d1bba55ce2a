package dev.roster.application.service;

import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.domain.RoomId;

/** This node hears a room on both buses while at least one of its sessions is in it. */
final class Subscriptions {
    private final PresenceEventBus presence;
    private final RoomMessageBus messages;

    Subscriptions(PresenceEventBus presence, RoomMessageBus messages) {
        this.presence = presence;
        this.messages = messages;
    }

    void subscribe(RoomId room) {
        presence.subscribe(room);
        messages.subscribe(room);
    }

    void unsubscribe(RoomId room) {
        presence.unsubscribe(room);
        messages.unsubscribe(room);
    }
}
