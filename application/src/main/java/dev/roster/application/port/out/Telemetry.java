package dev.roster.application.port.out;

import dev.roster.domain.PresenceEvent;
import java.util.List;

/** Counts what happened, for metrics. Must be cheap and never throw. */
public interface Telemetry {
    void transitioned(List<PresenceEvent> events);

    Telemetry NONE = events -> { };
}
