package dev.roster.domain;

import java.util.Locale;

/** The effective presence others see: the chosen status while online, or {@code offline}. */
public enum PresenceState {
    ONLINE, AWAY, BUSY, OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
