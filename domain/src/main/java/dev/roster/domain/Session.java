package dev.roster.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One open connection of a user: a browser tab, a phone, a game client.
 *
 * @param id          unique across the cluster
 * @param user        whose connection it is
 * @param node        the node that holds the socket
 * @param boot        the id of that node's current boot, so that a restarted node with the same name
 *                    never adopts or loses the sessions of its previous life by mistake
 * @param device      a free label the client gave ({@code "web"}, {@code "ios"}), at most 64 characters
 * @param connectedAt when the session was registered
 */
public record Session(SessionId id, UserId user, NodeId node, String boot, String device, Instant connectedAt) {
    public static final int MAX_DEVICE_LENGTH = 64;

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(connectedAt, "connectedAt");
        device = checkDevice(device);
    }

    /** A device label is optional; when given it is 1 to 64 printable characters. */
    /** Fails unless this session belongs to {@code owner}: a presence only ever holds its own user's sessions. */
    public void requireOf(UserId owner) {
        if (!user.equals(owner)) {
            throw new DomainException("session " + id + " belongs to " + user + ", not " + owner);
        }
    }

    public static String checkDevice(String device) {
        if (device == null || device.isEmpty()) {
            return "unknown";
        }
        if (device.length() > MAX_DEVICE_LENGTH) {
            throw new DomainException("device label must be at most " + MAX_DEVICE_LENGTH + " characters");
        }
        for (int i = 0; i < device.length(); i++) {
            if (Character.isISOControl(device.charAt(i))) {
                throw new DomainException("device label must not contain control characters");
            }
        }
        return device;
    }

    public boolean heldBy(NodeId otherNode, String otherBoot) {
        return node.equals(otherNode) && boot.equals(otherBoot);
    }
}
