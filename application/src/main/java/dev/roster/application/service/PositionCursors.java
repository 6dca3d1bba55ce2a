package dev.roster.application.service;

import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
import dev.roster.domain.DomainException;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Cursors around a listing position (a user id), made here rather than in the stores so that a client sees one
 * behaviour whichever store a node runs on. A cursor is the id and a tag, both URL-safe Base64, joined by a dot.
 * The tag is a SHA-256 digest of the listing's fixed label, the scope the cursor belongs to (empty for a listing
 * of its own, a room for a room's listing) and the id, so a cursor edited by hand, cut short, or taken from
 * another listing or another room is refused with {@link BadCursorException} instead of silently skipping users.
 *
 * <p>The tag is the same on every node, so that a page handed out by one node goes on at any other (behind a load
 * balancer, the next request of a client on Redis often reaches another node). It holds no secret, and need not:
 * it makes a cursor tamper-evident, not confidential, and a position grants nothing, since it only says where a
 * listing the client may read in full goes on.
 */
final class PositionCursors {
    /** The online listing's cursors; their tags are those the online listing has always handed out. */
    static final PositionCursors ONLINE = new PositionCursors("roster online cursor 1\n");
    /** A room's member listing; the scope is the room, so a cursor of one room is refused in another. */
    static final PositionCursors ROOM_MEMBERS = new PositionCursors("roster room cursor 1\n");

    private static final String ALGORITHM = "SHA-256";
    private static final int TAG_BYTES = 12;
    // a user id is at most 64 characters: its Base64, a dot and the tag stay well under this
    private static final int MAX_LENGTH = 128;
    private static final int SHOWN = 64;

    private final byte[] label;

    private PositionCursors(String label) {
        this.label = label.getBytes(StandardCharsets.US_ASCII);
    }

    /** The cursor of a position in the scope; null (no page follows) for null. */
    String encode(String scope, UserId position) {
        if (position == null) {
            return null;
        }
        byte[] id = position.value().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(id) + "." + base64.encodeToString(tag(scope, id));
    }

    /**
     * The position a cursor stands for; null (the first page) for null, {@link BadCursorException} for anything
     * {@link #encode} did not make for this scope.
     */
    UserId decode(String scope, String cursor) {
        if (cursor == null) {
            return null;
        }
        if (cursor.length() > MAX_LENGTH) {
            throw bad(cursor);
        }
        int dot = cursor.indexOf('.');
        if (dot < 1) {
            throw bad(cursor);
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            byte[] id = base64.decode(cursor.substring(0, dot));
            byte[] tag = base64.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(tag, tag(scope, id))) {
                throw bad(cursor);
            }
            return UserId.of(new String(id, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DomainException e) {
            throw bad(cursor);
        }
    }

    // a scope is an id (no newline in it) ended by a newline, so scope and position can never run into each other
    private byte[] tag(String scope, byte[] id) {
        try {
            MessageDigest digest = MessageDigest.getInstance(ALGORITHM);
            digest.update(label);
            if (!scope.isEmpty()) {
                digest.update((scope + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return Arrays.copyOf(digest.digest(id), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            // every Java platform must provide SHA-256, so this is a broken runtime, not bad input
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    // the exception repeats the cursor in its message, which must stay short whatever a client sent
    private static BadCursorException bad(String cursor) {
        return new BadCursorException(cursor.length() > SHOWN ? cursor.substring(0, SHOWN) + "..." : cursor);
    }
}
