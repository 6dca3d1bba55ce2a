package dev.roster.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rooms a user's credentials let it join by themselves: exact room names, {@code prefix*} patterns (every room
 * whose name starts with the prefix) and {@code *} (every room). Under dev sign-in every room is granted; a token
 * without a {@code rooms} claim grants none, which leaves the decision to the application's authorization hook or
 * the operator's choice to open all rooms.
 */
public final class RoomGrants {
    /** The most entries a credential may grant: a claim is read once per handshake, and a join checks every prefix. */
    public static final int MAX_ENTRIES = 1_000;
    /** Every room. */
    public static final RoomGrants ALL = new RoomGrants(true, Set.of(), List.of());
    /** No room by itself. */
    public static final RoomGrants NONE = new RoomGrants(false, Set.of(), List.of());

    private final boolean all;
    private final Set<String> exact;
    private final List<String> prefixes;

    private RoomGrants(boolean all, Set<String> exact, List<String> prefixes) {
        this.all = all;
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /**
     * Reads a {@code rooms} claim. An entry is a room id, a room id's start followed by {@code *}, or {@code *}
     * alone; an entry of any other shape grants nothing and makes the whole claim invalid, since a typo in a grant
     * is better refused at the handshake than found out at a join.
     *
     * @throws DomainException naming the first entry that is not a room, a pattern or {@code *}
     */
    public static RoomGrants of(Collection<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new DomainException("rooms grants at most " + MAX_ENTRIES + " entries, got " + entries.size());
        }
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null) {
                throw new DomainException("a rooms entry is null");
            }
            if (entry.equals("*")) {
                return ALL;
            }
            if (entry.endsWith("*")) {
                String prefix = entry.substring(0, entry.length() - 1);
                checkPrefix(prefix, entry);
                prefixes.add(prefix);
            } else {
                try {
                    exact.add(RoomId.of(entry).value());
                } catch (InvalidIdException e) {
                    throw new DomainException("rooms entry is not a room, a prefix* or *: " + quoted(entry));
                }
            }
        }
        if (exact.isEmpty() && prefixes.isEmpty()) {
            return NONE;
        }
        return new RoomGrants(false, Set.copyOf(exact), List.copyOf(prefixes));
    }

    private static void checkPrefix(String prefix, String entry) {
        // the prefix is the start of a room id: the same characters, one fewer at most
        if (prefix.isEmpty() || prefix.length() >= IdRule.MAX_LENGTH) {
            throw new DomainException("rooms entry is not a room, a prefix* or *: " + quoted(entry));
        }
        try {
            RoomId.of(prefix);
        } catch (InvalidIdException e) {
            throw new DomainException("rooms entry is not a room, a prefix* or *: " + quoted(entry));
        }
    }

    // an entry may be long or odd; the message shows enough of it to find it
    private static String quoted(String entry) {
        String shown = entry.length() > 80 ? entry.substring(0, 80) + "..." : entry;
        return "\"" + shown + "\"";
    }

    /** Whether these grants let the user join {@code room} without asking anyone. */
    public boolean allows(RoomId room) {
        if (all) {
            return true;
        }
        String name = room.value();
        if (exact.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every room is granted. */
    public boolean everyRoom() {
        return all;
    }

    /** Whether no room is granted by the credentials themselves. */
    public boolean none() {
        return !all && exact.isEmpty() && prefixes.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoomGrants other && all == other.all && exact.equals(other.exact)
                && new HashSet<>(prefixes).equals(new HashSet<>(other.prefixes));
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(all) * 31 + exact.hashCode() * 17 + new HashSet<>(prefixes).hashCode();
    }

    @Override
    public String toString() {
        if (all) {
            return "RoomGrants[*]";
        }
        return "RoomGrants[" + exact.size() + " rooms, " + prefixes.size() + " prefixes]";
    }
}
