package dev.roster.testsupport.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports nobody listens on, from the OS; for a cluster node, its bus port (port + 10000) must be free too. */
final class FreePorts {
    private static final int MAX_TRIES = 100;

    private FreePorts() {
    }

    static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    static int withBusPort() {
        for (int i = 0; i < MAX_TRIES; i++) {
            int port = any();
            if (port + 10_000 <= 65_535 && free(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port p with p + 10000 free after " + MAX_TRIES + " tries");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
