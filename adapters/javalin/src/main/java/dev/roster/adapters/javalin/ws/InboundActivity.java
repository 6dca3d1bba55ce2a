package dev.roster.adapters.javalin.ws;

import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.NetworkTrafficListener;

/**
 * When each connection last sent anything. Jetty's idle timeout counts writes as activity, so the server's own
 * pings would keep a dead peer "active" forever; a peer that sends nothing, not even the pong every ping asks for,
 * is found here instead. Pongs never reach the WebSocket handlers, which is why this listens at the socket.
 */
public final class InboundActivity implements NetworkTrafficListener {
    private final Map<SocketAddress, AtomicLong> lastRead = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public InboundActivity(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void opened(Socket socket) {
        SocketAddress peer = socket.getRemoteSocketAddress();
        if (peer != null) {
            lastRead.put(peer, new AtomicLong(nanoClock.getAsLong()));
        }
    }

    @Override
    public void incoming(Socket socket, ByteBuffer bytes) {
        SocketAddress peer = socket.getRemoteSocketAddress();
        AtomicLong last = peer == null ? null : lastRead.get(peer);
        if (last != null) {
            last.set(nanoClock.getAsLong());
        }
    }

    @Override
    public void closed(Socket socket) {
        forget(socket.getRemoteSocketAddress());
    }

    public void forget(SocketAddress peer) {
        if (peer != null) {
            lastRead.remove(peer);
        }
    }

    /** Nanoseconds since the peer last sent a byte; -1 when the peer is not known here. */
    public long silentFor(SocketAddress peer) {
        AtomicLong last = peer == null ? null : lastRead.get(peer);
        return last == null ? -1 : nanoClock.getAsLong() - last.get();
    }
}
