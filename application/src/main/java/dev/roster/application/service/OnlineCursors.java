package dev.roster.application.service;

import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
import dev.roster.domain.UserId;

/**
 * The cursors of the online listing: {@link PositionCursors#ONLINE} with no scope, so that the tags are the ones
 * this listing has always handed out and cursors held across an upgrade still work.
 */
final class OnlineCursors {
    private OnlineCursors() {
    }

    /** The cursor of a position; null (no page follows) for null. */
    static String encode(UserId position) {
        return PositionCursors.ONLINE.encode("", position);
    }

    /**
     * The position a cursor stands for; null (the first page) for null, {@link BadCursorException} for anything
     * {@link #encode} did not make.
     */
    static UserId decode(String cursor) {
        return PositionCursors.ONLINE.decode("", cursor);
    }
}
