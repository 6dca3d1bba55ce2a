package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The members of a room as others see them, confirmed against each user's presence. */
final class RoomMembers {
    private final PresenceDirectory directory;

    RoomMembers(PresenceDirectory directory) {
        this.directory = directory;
    }

    CompletionStage<List<Member>> of(RoomId room) {
        return directory.roomMembers(room)
                .thenCompose(directory::findAll)
                .thenApply(all -> all.stream()
                        .filter(p -> p.inRoom(room))
                        .map(RoomMembers::member)
                        .sorted(Comparator.comparing(Member::user))
                        .toList());
    }

    static Member member(Presence p) {
        return new Member(p.user(), p.state(), p.since().orElse(null), p.sessions().size());
    }
}
