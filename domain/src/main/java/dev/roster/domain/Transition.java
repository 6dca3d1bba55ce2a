package dev.roster.domain;

/** A change to one user's presence, as a pure function; stores apply it atomically to the current presence. */
@FunctionalInterface
public interface Transition {
    Outcome apply(Presence current);
}
