/**
 * What a node runs on whichever store it uses: the machine's clock, the scheduler of the application's timers and
 * the daemon threads the stores hand their work to. It holds no presence, so the in-memory and the Redis stores
 * are interchangeable over it, and the only adapter the stores may depend on.
 */
package dev.roster.adapters.runtime;
