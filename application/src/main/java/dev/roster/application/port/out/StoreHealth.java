package dev.roster.application.port.out;

/** Whether the shared store answers right now; a node that cannot reach it is not ready. */
public interface StoreHealth {
    boolean available();

    /** A store that is always there, such as one held in this process. */
    StoreHealth ALWAYS = () -> true;
}
