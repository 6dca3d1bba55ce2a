package dev.roster.domain;

import java.util.Locale;

/** The status a connected user chose. */
public enum Status {
    ONLINE, AWAY, BUSY;

    /** The lower-case name used on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; anything but {@code online}, {@code away} or {@code busy} is a domain error. */
    public static Status parse(String wire) {
        if (wire != null) {
            for (Status s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
        }
        throw new DomainException("status must be one of online, away, busy");
    }

    /** The presence others see while this status is set. */
    public PresenceState asState() {
        return PresenceState.valueOf(name());
    }
}
