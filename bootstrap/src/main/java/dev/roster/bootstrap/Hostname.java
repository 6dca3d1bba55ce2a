package dev.roster.bootstrap;

import dev.roster.domain.NodeId;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default node id: this machine's name made into a valid id, plus a random suffix. */
final class Hostname {
    private static final String FALLBACK = "roster";
    private static final int MAX_ID = 64;

    private Hostname() {
    }

    static String local() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // a machine without a resolvable name still gets a usable id; the random suffix keeps it unique
            return FALLBACK;
        }
    }

    /** Replaces what an id may not hold with {@code -} and cuts the name so that the suffix always fits. */
    static NodeId nodeId(String hostname, String suffix) {
        String clean = hostname == null ? "" : hostname.replaceAll("[^A-Za-z0-9_.@:-]", "-");
        int room = MAX_ID - suffix.length() - 1;
        if (clean.length() > room) {
            clean = clean.substring(0, room);
        }
        if (clean.isEmpty()) {
            clean = FALLBACK;
        }
        return NodeId.of(clean + "-" + suffix);
    }
}
