package dev.roster.bench.ws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses loopback source addresses so that many connections to one server port never run out of ephemeral ports:
 * each source address has its own range of ports toward the same destination.
 */
public final class SourceAddresses {
    /** Ports kept free in each range for everything else the machine opens meanwhile. */
    static final int RESERVE = 1_000;

    private SourceAddresses() {
    }

    /**
     * The addresses to spread {@code connections} over: none (the kernel picks) while one range is enough, else
     * 127.0.0.2, 127.0.0.3 and so on, as many as needed.
     *
     * @param portRange how many ephemeral ports the kernel hands out (see /proc/sys/net/ipv4/ip_local_port_range)
     */
    public static List<InetAddress> plan(int connections, int portRange) {
        if (connections < 0 || portRange <= RESERVE) {
            throw new IllegalArgumentException("need connections >= 0 and a port range above " + RESERVE);
        }
        int perSource = portRange - RESERVE;
        if (connections <= perSource) {
            return List.of();
        }
        int count = (connections + perSource - 1) / perSource;
        if (count > 250) {
            throw new IllegalArgumentException(connections + " connections need more than 250 source addresses");
        }
        List<InetAddress> sources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sources.add(loopback(2 + i));
        }
        return sources;
    }

    /** Parses explicit addresses, accepting loopback ones only: the generator never targets anything else. */
    public static List<InetAddress> parse(List<String> addresses) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            InetAddress a;
            try {
                a = InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + address, e);
            }
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("source address must be loopback: " + address);
            }
            parsed.add(a);
        }
        return parsed;
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a four-byte address is always valid", e);
        }
    }
}
