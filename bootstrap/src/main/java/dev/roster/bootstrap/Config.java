package dev.roster.bootstrap;

import dev.roster.adapters.javalin.WebSettings;
import dev.roster.domain.DomainException;
import dev.roster.domain.NodeId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a node is started with, read once from the environment (see {@link #load}). Values are checked when
 * read, so a node never starts half-configured.
 *
 * @param port                HTTP and WebSocket port; 0 picks a free one
 * @param node                this node's name in the cluster
 * @param boot                the id of this start, new each time, so a restarted node is told apart from its past
 * @param auth                how handshakes are authenticated
 * @param jwtSecret           the HS256 secret under {@link AuthMode#JWT}; null under {@link AuthMode#DEV}
 * @param adminToken          the bearer token of {@code /api} and {@code /admin}
 * @param adminTokenGenerated whether {@code adminToken} was made up at start (and must be shown once)
 * @param grace               how long a user outlives its last session before {@code offline} is announced
 * @param lease               how long a node's sessions outlive its last heartbeat
 * @param allowedOrigins      comma-separated Origins allowed to open a WebSocket, {@code *} for all; null for
 *                            same origin only
 * @param redisUrl            the Redis to share presence through; null for the in-memory store
 * @param redisCluster        the {@code host:port} seeds of a Redis Cluster; null when none
 * @param maxThreads          the web server's thread pool size
 * @param idleTimeout         how long a silent WebSocket stays open
 * @param pingInterval        how often the server pings each WebSocket
 * @param largeRoom           from how many of a node's sessions in one room the room hears counted changes
 *                            ({@code crowd} frames) instead of one {@code presence} frame per change; 0 never
 * @param crowdTick           how often a large room's counted changes are sent
 * @param metricsToken        the bearer token {@code /metrics} needs; null leaves it open
 */
public record Config(int port, NodeId node, String boot, AuthMode auth, String jwtSecret, String adminToken,
                     boolean adminTokenGenerated, Duration grace, Duration lease, String allowedOrigins,
                     String redisUrl, String redisCluster, int maxThreads, Duration idleTimeout,
                     Duration pingInterval, int largeRoom, Duration crowdTick, String metricsToken) {

    static final Set<String> VARIABLES = Set.of("ROSTER_PORT", "ROSTER_NODE_ID", "ROSTER_AUTH", "ROSTER_JWT_SECRET",
            "ROSTER_ADMIN_TOKEN", "ROSTER_GRACE_MS", "ROSTER_LEASE_MS", "ROSTER_ALLOWED_ORIGINS", "ROSTER_REDIS_URL",
            "ROSTER_REDIS_CLUSTER", "ROSTER_MAX_THREADS", "ROSTER_IDLE_TIMEOUT_MS", "ROSTER_PING_MS",
            "ROSTER_LARGE_ROOM", "ROSTER_CROWD_TICK_MS", "ROSTER_METRICS_TOKEN");

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    public Config {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(crowdTick, "crowdTick");
        if (auth == AuthMode.JWT && jwtSecret == null) {
            throw new ConfigException("ROSTER_AUTH=jwt needs ROSTER_JWT_SECRET, the HS256 secret tokens are signed with");
        }
    }

    /** Reads the process environment (and the file {@code ROSTER_CONFIG} names, if any). */
    public static Config fromEnvironment() {
        return load(System.getenv(), Hostname.local(), new SecureRandom());
    }

    /**
     * Reads a configuration from these variables.
     *
     * @param hostname the machine's name, the start of the default node id
     * @param random   where the boot id, the node id suffix and a generated admin token come from
     * @throws ConfigException naming the first variable that is wrong
     */
    public static Config load(Map<String, String> environment, String hostname, SecureRandom random) {
        ConfigSource source = ConfigSource.of(environment, VARIABLES);
        String secret = source.text("ROSTER_JWT_SECRET").orElse(null);
        AuthMode auth = auth(source, secret != null);
        String givenToken = source.text("ROSTER_ADMIN_TOKEN").orElse(null);
        Duration ping = Duration.ofMillis(source.number("ROSTER_PING_MS", 20_000, 1, DAY_MS));
        Duration idle = Duration.ofMillis(source.number("ROSTER_IDLE_TIMEOUT_MS", 60_000, 1, DAY_MS));
        if (ping.compareTo(idle) >= 0) {
            throw new ConfigException("ROSTER_PING_MS (" + ping.toMillis() + ") must be less than "
                    + "ROSTER_IDLE_TIMEOUT_MS (" + idle.toMillis() + "), or silent clients are dropped between pings");
        }
        return new Config(
                (int) source.number("ROSTER_PORT", 8080, 0, 65_535),
                node(source, hostname, random),
                hex(random, 8),
                auth,
                auth == AuthMode.JWT ? secret : null,
                givenToken != null ? givenToken : hex(random, 24),
                givenToken == null,
                Duration.ofMillis(source.number("ROSTER_GRACE_MS", 3_000, 0, DAY_MS)),
                Duration.ofMillis(source.number("ROSTER_LEASE_MS", 15_000, 30, DAY_MS)),
                source.text("ROSTER_ALLOWED_ORIGINS").orElse(null),
                RedisTarget.url(source.text("ROSTER_REDIS_URL").orElse(null)),
                RedisTarget.cluster(source.text("ROSTER_REDIS_CLUSTER").orElse(null)),
                (int) source.number("ROSTER_MAX_THREADS", 16, WebSettings.MIN_THREADS, 10_000),
                idle,
                ping,
                (int) source.number("ROSTER_LARGE_ROOM", 1_000, 0, 10_000_000),
                Duration.ofMillis(source.number("ROSTER_CROWD_TICK_MS", 100, 1, 60_000)),
                source.secret("ROSTER_METRICS_TOKEN").orElse(null));
    }

    private static AuthMode auth(ConfigSource source, boolean hasSecret) {
        String raw = source.text("ROSTER_AUTH").orElse(hasSecret ? "jwt" : "dev");
        try {
            return AuthMode.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ROSTER_AUTH must be dev or jwt, got \"" + raw + "\"", e);
        }
    }

    private static NodeId node(ConfigSource source, String hostname, SecureRandom random) {
        String given = source.text("ROSTER_NODE_ID").orElse(null);
        if (given == null) {
            return Hostname.nodeId(hostname, hex(random, 3));
        }
        try {
            return NodeId.of(given);
        } catch (DomainException e) {
            throw new ConfigException("ROSTER_NODE_ID: " + e.getMessage(), e);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    /** Whether presence is shared through Redis rather than kept in this process. */
    public boolean usesRedis() {
        return redisUrl != null || redisCluster != null;
    }

    // secrets stay out of logs and error reports
    @Override
    public String toString() {
        return "Config[port=" + port + ", node=" + node + ", boot=" + boot + ", auth=" + auth.wire()
                + ", jwtSecret=" + (jwtSecret == null ? "none" : "***") + ", adminToken=***"
                + ", grace=" + grace.toMillis() + "ms, lease=" + lease.toMillis() + "ms"
                + ", allowedOrigins=" + allowedOrigins + ", redisUrl=" + RedisTarget.redact(redisUrl)
                + ", redisCluster=" + redisCluster + ", maxThreads=" + maxThreads
                + ", idleTimeout=" + idleTimeout.toMillis() + "ms, pingInterval=" + pingInterval.toMillis() + "ms"
                + ", largeRoom=" + largeRoom + ", crowdTick=" + crowdTick.toMillis() + "ms"
                + ", metricsToken=" + (metricsToken == null ? "none" : "***") + "]";
    }
}
