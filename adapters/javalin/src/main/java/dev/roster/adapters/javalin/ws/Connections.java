package dev.roster.adapters.javalin.ws;

import dev.roster.domain.SessionId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sockets of this node, by socket id and, once registered, by session id; plus the disconnects still on
 * their way to the application, which a graceful stop waits for.
 */
public final class Connections {
    private final Map<String, Connection> bySocket = new ConcurrentHashMap<>();
    private final Map<SessionId, Connection> bySession = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    public void add(String socketId, Connection connection) {
        bySocket.put(socketId, connection);
    }

    public Connection socket(String socketId) {
        return bySocket.get(socketId);
    }

    /** Removes the socket; only the first call for a socket gets it back, so a socket ends exactly once. */
    public Connection removeSocket(String socketId) {
        return bySocket.remove(socketId);
    }

    public void bind(SessionId session, Connection connection) {
        bySession.put(session, connection);
    }

    public void unbind(SessionId session, Connection connection) {
        bySession.remove(session, connection);
    }

    public Connection session(SessionId session) {
        return bySession.get(session);
    }

    public Collection<Connection> sockets() {
        return List.copyOf(bySocket.values());
    }

    /** Keeps {@code disconnect} until it completes, however it completes. */
    public void track(CompletableFuture<?> disconnect) {
        pending.add(disconnect);
        disconnect.whenComplete((v, e) -> pending.remove(disconnect));
    }

    /** No socket open and no disconnect on its way. */
    public boolean drained() {
        return bySocket.isEmpty() && pending.isEmpty();
    }
}
