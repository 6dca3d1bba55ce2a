/**
 * The embedded default: every outgoing port held in this process, for a single node with no Redis. Thread-safe,
 * never blocking beyond the lock of the one user being changed, and depending on nothing but the JDK and the
 * application's ports.
 */
package dev.roster.adapters.memory;
