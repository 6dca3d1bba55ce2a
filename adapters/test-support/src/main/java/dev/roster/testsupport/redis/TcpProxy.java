package dev.roster.testsupport.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between a node and Redis, so that a test can break the link without touching either end:
 * {@link #freeze()} holds every byte in both directions while keeping the sockets open (a stalled network, or a
 * node whose Redis link hangs), {@link #freezeReplies()} holds only what Redis answers (a command that runs but
 * whose reply never arrives in time), {@link #thaw()} delivers what was held, {@link #cut()} resets every
 * connection (the bytes held are lost), and {@link #close()} also stops accepting new ones. Two threads per
 * connection; everything on 127.0.0.1. {@link #freezeRepliesFrom} holds the replies from the first command that
 * carries given markers on, so that exactly that command runs and its answer comes too late.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int WINDOW = 4096;

    private final int target;
    private final ServerSocket server;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean upFrozen;
    private volatile boolean downFrozen;
    private volatile boolean closed;
    /** Markers that, all found in what the node sends, hold the replies from then on; null when not armed. */
    private volatile List<String> trigger;

    private TcpProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code 127.0.0.1:targetPort}, listening on a free loopback port. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for a proxy to port " + targetPort, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Holds every byte in both directions from now on; the sockets stay open. */
    public void freeze() {
        upFrozen = true;
        downFrozen = true;
    }

    /** Holds what Redis sends from now on, while what the node sends still reaches Redis and runs. */
    public void freezeReplies() {
        downFrozen = true;
    }

    /**
     * From the first command the node sends whose bytes hold every one of {@code markers} (key names, say), holds
     * what Redis sends: that command still reaches Redis and runs, but its reply, and every later one, waits for
     * {@link #thaw()}.
     */
    public void freezeRepliesFrom(String... markers) {
        if (markers.length == 0) {
            throw new IllegalArgumentException("at least one marker");
        }
        trigger = List.of(markers);
    }

    /** Delivers what was held, in order, and lets bytes through again. */
    public void thaw() {
        synchronized (gate) {
            trigger = null;
            upFrozen = false;
            downFrozen = false;
            gate.notifyAll();
        }
    }

    /** Resets every open connection (what was held is lost); new connections are still accepted, unfrozen. */
    public void cut() {
        synchronized (gate) {
            upFrozen = false;
            downFrozen = false;
            for (Pair pair : pairs) {
                pair.reset();
            }
            pairs.clear();
            gate.notifyAll();
        }
    }

    /** Resets every connection and accepts no more: as when the node's process is gone. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to stop
        }
        cut();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                // Redis is down: the node sees its connection refused, as it would without the proxy
                closeQuietly(client, true);
                closeQuietly(upstream, true);
                continue;
            }
            Pair pair = new Pair(client, upstream);
            pairs.add(pair);
            if (closed) {
                pair.reset();
                return;
            }
            pair.start();
        }
    }

    private void fire(String sent) {
        synchronized (gate) {
            List<String> markers = trigger;
            if (markers != null && markers.stream().allMatch(sent::contains)) {
                downFrozen = true;
                trigger = null;
            }
        }
    }

    private boolean frozen(boolean up) {
        return up ? upFrozen : downFrozen;
    }

    /** One connection through the proxy: the node's socket and the one to Redis. */
    private final class Pair {
        private final Socket client;
        private final Socket upstream;
        private final AtomicInteger pumps = new AtomicInteger();
        private volatile boolean reset;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            thread(client, upstream, true).start();
            thread(upstream, client, false).start();
        }

        private Thread thread(Socket from, Socket to, boolean up) {
            Thread thread = new Thread(() -> pump(from, to, up),
                    "proxy-" + port() + (up ? "-up-" : "-down-") + from.getPort());
            thread.setDaemon(true);
            return thread;
        }

        private void pump(Socket from, Socket to, boolean up) {
            byte[] buffer = new byte[64 * 1024];
            String recent = "";
            boolean broken = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int read = in.read(buffer);
                    if (up && read > 0 && trigger != null) {
                        // a command can straddle two reads: look at the end of the last one too
                        String seen = recent + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                        fire(seen);
                        recent = seen.substring(Math.max(0, seen.length() - WINDOW));
                    }
                    if (!awaitOpen(up)) {
                        return;
                    }
                    if (read < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // reset on one side: the other side is reset too, as a broken link would do
                broken = true;
            } finally {
                if (broken || reset) {
                    closeQuietly(from, true);
                    closeQuietly(to, true);
                }
                if (pumps.incrementAndGet() == 2) {
                    closeQuietly(from, false);
                    closeQuietly(to, false);
                    pairs.remove(this);
                }
            }
        }

        /** Waits while this direction is frozen; false once this connection was reset. */
        private boolean awaitOpen(boolean up) {
            synchronized (gate) {
                while (frozen(up) && !reset) {
                    try {
                        gate.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return !reset;
            }
        }

        void reset() {
            reset = true;
            closeQuietly(client, true);
            closeQuietly(upstream, true);
        }
    }

    /** With {@code abort}, an RST instead of an orderly close: the peer sees "connection reset". */
    private static void closeQuietly(Socket socket, boolean abort) {
        try {
            if (abort && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
