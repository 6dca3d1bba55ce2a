package dev.roster.adapters.jsonlines;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how long the JSON-lines publisher publishes: each event goes to {@code subjectPrefix + type}, and a
 * batch the broker has not acknowledged within {@code timeout} fails.
 */
public record JsonLinesSettings(String subjectPrefix, Duration timeout) {
    public JsonLinesSettings {
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        Objects.requireNonNull(timeout, "timeout");
        if (subjectPrefix.isBlank()) {
            throw new IllegalArgumentException("the subject prefix is blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
    }
}
