package dev.roster.bench.ws;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** The WebSocket client implementations the generator can use. */
public enum ClientKind {
    JETTY, JDK;

    /**
     * Builds a client of this kind.
     *
     * @param sources      local addresses to bind, one client connection pool each; empty for the kernel's choice
     * @param idleTimeout  how long a silent connection stays open; longer than any run, so that idle means idle
     */
    public WsClient create(List<InetAddress> sources, Duration idleTimeout, Duration connectTimeout) {
        return switch (this) {
            case JETTY -> new JettyWsClient(sources, idleTimeout, connectTimeout);
            case JDK -> {
                if (sources.size() > 1) {
                    throw new IllegalArgumentException(
                            "the jdk client cannot bind source addresses on Java 17; use --client jetty");
                }
                yield new JdkWsClient(connectTimeout);
            }
        };
    }
}
