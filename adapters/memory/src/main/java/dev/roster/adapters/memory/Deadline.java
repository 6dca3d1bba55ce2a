package dev.roster.adapters.memory;

import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Comparator;

/** A user's next grace deadline, ordered by time first so that the due ones come first. */
record Deadline(Instant at, UserId user) implements Comparable<Deadline> {
    private static final Comparator<Deadline> ORDER =
            Comparator.comparing(Deadline::at).thenComparing(Deadline::user);

    @Override
    public int compareTo(Deadline other) {
        return ORDER.compare(this, other);
    }
}
