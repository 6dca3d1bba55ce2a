package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The members of a room as others see them, confirmed against each user's presence. */
final class RoomMembers {
    private final PresenceDirectory directory;
    private final int largeRoom;

    /** @param largeRoom from how many members a joiner gets a partial list with the count; 0: never */
    RoomMembers(PresenceDirectory directory, int largeRoom) {
        this.directory = directory;
        this.largeRoom = largeRoom;
    }

    CompletionStage<List<Member>> of(RoomId room) {
        return directory.roomMembers(room).thenCompose(users -> confirmed(room, users));
    }

    /**
     * What {@code joiner} hears on joining: every member, or in a room of {@code largeRoom} members or more at most
     * {@link RoomListing#LARGE_ROOM_LISTED} of them, the joiner always among them, with the room's count.
     */
    CompletionStage<RoomListing> forJoiner(RoomId room, UserId joiner) {
        if (largeRoom == 0) {
            return of(room).thenApply(RoomListing::all);
        }
        return directory.roomSize(room).thenCompose(size -> {
            if (size < largeRoom) {
                return of(room).thenApply(RoomListing::all);
            }
            return directory.roomSample(room, RoomListing.LARGE_ROOM_LISTED - 1).thenCompose(sample -> {
                Set<UserId> listed = new HashSet<>(sample);
                listed.add(joiner);
                return confirmed(room, listed).thenApply(members -> RoomListing.large(members, size));
            });
        });
    }

    private CompletionStage<List<Member>> confirmed(RoomId room, Collection<UserId> users) {
        return directory.findAll(users)
                .thenApply(all -> all.stream()
                        .filter(p -> p.inRoom(room))
                        .map(RoomMembers::member)
                        .sorted(Comparator.comparing(Member::user))
                        .toList());
    }

    static Member member(Presence p) {
        return new Member(p.user(), p.state(), p.since().orElse(null), p.sessions().size(),
                p.statusText().orElse(null));
    }
}
