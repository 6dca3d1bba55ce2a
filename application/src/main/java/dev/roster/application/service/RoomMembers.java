package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
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
import java.util.concurrent.CompletableFuture;
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
     * One page of at most {@code limit} members after the cursor (null: the first page), reading from the store only
     * the page's index entries and their presences. The next cursor goes on after the last index entry read, even
     * one that is no longer a member, so a page may list fewer than {@code limit} members while another follows.
     * A cursor not made for this room fails the stage with {@link BadCursorException}.
     */
    CompletionStage<MemberPage> page(RoomId room, int limit, String cursor) {
        UserId after;
        try {
            after = PositionCursors.ROOM_MEMBERS.decode(room.value(), cursor);
        } catch (BadCursorException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Stages.calling(() -> directory.roomMembers(room, limit, after))
                .thenCompose(page -> confirmed(room, page.users()).thenApply(members ->
                        new MemberPage(members, PositionCursors.ROOM_MEMBERS.encode(room.value(), page.next()))));
    }

    /**
     * What {@code joiner} hears on joining: every member, or in a room of {@code largeRoom} members or more at most
     * {@link RoomListing#LARGE_ROOM_LISTED} of them, the joiner always among them, with the room's count.
     *
     * @param counted the room's size as the store counted it when it committed the join, or null: then it is read
     */
    CompletionStage<RoomListing> forJoiner(RoomId room, UserId joiner, Long counted) {
        if (largeRoom == 0) {
            return of(room).thenApply(RoomListing::all);
        }
        // the commit's own count spares a round trip the members' reads would wait for
        CompletionStage<Long> sized = counted != null ? CompletableFuture.completedFuture(counted)
                : directory.roomSize(room);
        return sized.thenCompose(size -> {
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
