package dev.roster.application.port.in;

import java.util.List;

/**
 * The members of a room as a joiner sees them: all of them, or in a large room (from
 * {@code largeRoom} members) at most {@link #LARGE_ROOM_LISTED} of them with the room's count, so that everyone
 * joining a room of ten thousand does not cost ten thousand times ten thousand member entries.
 *
 * @param members the members listed, sorted by user id
 * @param count   how many members the room has; more than {@code members.size()} when the list is partial
 * @param large   the room is large: its members hear counted changes, and the count is worth telling
 */
public record RoomListing(List<Member> members, long count, boolean large) {
    /** Members listed in the {@code joined} reply of a large room. */
    public static final int LARGE_ROOM_LISTED = 100;

    public RoomListing {
        members = List.copyOf(members);
        count = Math.max(count, members.size());
    }

    /** Every member of a room that is not large. */
    public static RoomListing all(List<Member> members) {
        return new RoomListing(members, members.size(), false);
    }

    /** Some members of a large room and its count. */
    public static RoomListing large(List<Member> some, long count) {
        return new RoomListing(some, count, true);
    }

    public boolean partial() {
        return count > members.size();
    }
}
