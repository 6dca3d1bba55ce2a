package dev.roster.bench.hook;

/**
 * One event of a webhook batch, as much of it as the bench checks.
 *
 * @param id   the log's id: unique, so a second arrival of it is a double delivery
 * @param type {@code user.online}, {@code room.joined}, ...
 * @param user whose presence changed
 * @param at   when it changed, epoch milliseconds by the node's clock
 * @param room the room of a {@code room.*} event, else null
 */
public record HookEvent(String id, String type, String user, long at, String room) {
    public static final String ROOM_JOINED = "room.joined";
    public static final String ROOM_LEFT = "room.left";
    public static final String USER_OFFLINE = "user.offline";

    public boolean isRoomEvent() {
        return ROOM_JOINED.equals(type) || ROOM_LEFT.equals(type);
    }
}
