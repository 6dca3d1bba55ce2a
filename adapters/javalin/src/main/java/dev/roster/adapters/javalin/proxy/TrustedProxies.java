package dev.roster.adapters.javalin.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers are believed
 * ({@code ROSTER_TRUSTED_PROXIES}: addresses or CIDRs, comma-separated). A request from anywhere else is taken at
 * its word: its client is the peer's own address and its scheme the connection's, whatever headers it sends, so a
 * client cannot pick the address its limits are counted against nor make a plain page look like https.
 *
 * <p>Behind a chain of proxies the client is the right-most {@code X-Forwarded-For} entry that is not itself a
 * trusted proxy: entries further left were written by whoever sent the request and prove nothing.
 */
public final class TrustedProxies {
    /** No proxy is trusted: every request is its peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "none");

    private final List<Range> ranges;
    private final String description;

    private TrustedProxies(List<Range> ranges, String description) {
        this.ranges = ranges;
        this.description = description;
    }

    /**
     * Reads a comma-separated list of addresses ({@code 10.0.0.7}, {@code ::1}) and CIDRs ({@code 10.0.0.0/8},
     * {@code fd00::/8}); null or blank trusts none.
     *
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                ranges.add(Range.parse(entry));
            }
        }
        if (ranges.isEmpty()) {
            return NONE;
        }
        return new TrustedProxies(List.copyOf(ranges), String.join(", ", ranges.stream().map(Range::toString).toList()));
    }

    /** Whether {@code address} (a literal IP, as the connection reports its peer) is a trusted proxy. */
    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the peer's, or when the peer is a trusted proxy, the right-most address of
     * {@code forwardedFor} (all the request's {@code X-Forwarded-For} values, joined by commas) that is not a
     * trusted proxy. An entry that is not an IP address ends the walk at the last trusted one, as nothing to its
     * left can be believed.
     */
    public String clientAddress(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !trusts(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = unbracket(hops[i].strip());
            if (literal(hop) == null) {
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    /**
     * The scheme the client used: {@code X-Forwarded-Proto}'s first value ({@code http} or {@code https}) when the
     * peer is a trusted proxy, else the connection's own.
     */
    public String scheme(String peer, String connectionScheme, String forwardedProto) {
        if (forwardedProto == null || !trusts(peer)) {
            return connectionScheme;
        }
        String first = forwardedProto.split(",")[0].strip().toLowerCase(Locale.ROOT);
        return first.equals("https") || first.equals("http") ? first : connectionScheme;
    }

    @Override
    public String toString() {
        return description;
    }

    private static String unbracket(String hop) {
        // [2001:db8::1] and [2001:db8::1]:443 as some proxies write them; a bare a.b.c.d:port too
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':') && hop.indexOf('.') > 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    /** The bytes of a literal IPv4 or IPv6 address, without any name lookup; null when it is not one. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean v6 = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        if (!v6 && !dottedQuad(text)) {
            return null;
        }
        try {
            // only digits, dots, colons and hex letters reach here, which InetAddress reads as a literal
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return mapped(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    // ::ffff:10.0.0.1 is 10.0.0.1, as a dual-stack socket reports IPv4 peers
    private static byte[] mapped(byte[] bytes) {
        if (bytes.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (bytes[i] != 0) {
                    return bytes;
                }
            }
            if (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }

    private record Range(byte[] network, int bits, String text) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("not an address or CIDR: \"" + entry + "\"");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an address or CIDR: \"" + entry + "\"", e);
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range in \"" + entry + "\"");
                }
            }
            return new Range(bytes, bits, entry);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
