package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.limits.AddressLimits;
import dev.roster.domain.Identity;
import java.util.Objects;

/**
 * What an accepted handshake hands to its socket: who opened it, from which device and client address (a trusted
 * proxy's client, else the peer), and the lease that counts it against the address's limit until it ends.
 */
public record Accepted(Identity identity, String device, String address, AddressLimits.Lease lease) {
    public Accepted {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(lease, "lease");
    }

    /** An accepted handshake from an address nothing counts. */
    public static Accepted uncounted(Identity identity, String device, String address) {
        return new Accepted(identity, device, address, AddressLimits.Lease.NONE);
    }
}
