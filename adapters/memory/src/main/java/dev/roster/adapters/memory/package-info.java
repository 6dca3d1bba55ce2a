/**
 * The embedded default: every outgoing port held in this process, for a single node with no Redis. Thread-safe,
 * never blocking beyond the lock of the one user being changed, and depending on nothing but the JDK, SLF4J, the
 * application's ports and the node runtime ({@code dev.roster.adapters.runtime}) it shares with the Redis store.
 */
package dev.roster.adapters.memory;
