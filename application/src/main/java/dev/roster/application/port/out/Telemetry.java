package dev.roster.application.port.out;

import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.PresenceEvent;
import java.time.Instant;
import java.util.List;

/** Counts what happened, for metrics and the operators' log. Must be cheap and never throw. */
public interface Telemetry {
    void transitioned(List<PresenceEvent> events);

    /**
     * This node removed the sessions of a node boot whose lease lapsed, or that held sessions with no lease at all
     * for longer than a lease lasts.
     */
    default void nodeRemoved(NodeBoot boot, int users, int sessions) {
    }

    /** This node repaired {@code users} whose stored presence disagreed with the sessions this node holds. */
    default void reconciled(int users) {
    }

    /** This node's lease was gone when it renewed it: the store lost it, or another node took it for dead. */
    default void leaseLost() {
    }

    /** A round of housekeeping ({@code job}) failed; the next round tries again. */
    default void housekeepingFailed(String job, Throwable failure) {
    }

    /**
     * An adapter's work failed with nobody to tell but the operators: a listener that threw, a message that could
     * not be read or delivered, a scheduled task that threw, a subscription that did not happen now. {@code where}
     * is one of the adapter's own fixed names, never anything a client wrote. The adapter carries on; this tells it
     * (in the log, at most a line per {@code where} every little while) and counts it.
     */
    default void adapterFailed(String where, Throwable failure) {
    }

    /**
     * A batch of the event log reached the sink at {@code deliveredAt}; each event's lag is from its {@code at} to
     * then.
     */
    default void eventsDelivered(List<LoggedEvent> events, Instant deliveredAt) {
    }

    /** The sink refused a batch or could not be reached ({@code reason}, in a few fixed words); it is tried again. */
    default void deliveryFailed(String reason) {
    }

    /** A batch of {@code events} events was given up on after every try and parked as a dead letter. */
    default void deliveryParked(int events) {
    }

    /**
     * Delivery fell so far behind that the log no longer kept the events it was to deliver next: they are lost to
     * the sink, and delivery goes on from the oldest event kept.
     */
    default void deliveryGap() {
    }

    Telemetry NONE = events -> { };
}
