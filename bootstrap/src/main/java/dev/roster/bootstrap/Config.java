package dev.roster.bootstrap;

import dev.roster.adapters.javalin.WebSettings;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import dev.roster.domain.DomainException;
import dev.roster.domain.NodeId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything a node is started with, read once from the environment (see {@link #load}). Values are checked when
 * read, so a node never starts half-configured.
 *
 * @param port                HTTP and WebSocket port; 0 picks a free one
 * @param node                this node's name in the cluster
 * @param boot                the id of this start, new each time, so a restarted node is told apart from its past
 * @param auth                how handshakes are authenticated
 * @param jwt                 the JWT key and claims under {@link AuthMode#JWT}; null under {@link AuthMode#DEV}
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
 * @param largeRoom           from how many members across every node a room hears counted changes
 *                            ({@code crowd} frames) instead of one {@code presence} frame per change; 0 never
 * @param crowdTick           how often a large room's counted changes are sent
 * @param metricsToken        the bearer token {@code /metrics} needs; null leaves it open
 * @param authz               who may join which room beyond a token's {@code rooms} claim (under jwt)
 * @param limits              what one client may take of the node
 * @param trustedProxies      the proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * @param events              how much of the event log is kept, and the webhook it is delivered to, if any
 * @param warnings            what the start should warn about without refusing it (unknown {@code ROSTER_*}
 *                            variables, with the closest known name)
 * @param notes               what the start should mention at info level (Kubernetes service-link variables)
 */
public record Config(int port, NodeId node, String boot, AuthMode auth, JwtConfig jwt, String adminToken,
                     boolean adminTokenGenerated, Duration grace, Duration lease, String allowedOrigins,
                     String redisUrl, String redisCluster, int maxThreads, Duration idleTimeout,
                     Duration pingInterval, int largeRoom, Duration crowdTick, String metricsToken,
                     RoomAuthzSettings authz, LimitSettings limits, TrustedProxies trustedProxies,
                     EventSettings events, List<String> warnings, List<String> notes) {

    static final String AUTH = "ROSTER_AUTH";
    static final String ADMIN_TOKEN = "ROSTER_ADMIN_TOKEN";
    static final String PORT = "ROSTER_PORT";
    static final String TRUSTED_PROXIES = "ROSTER_TRUSTED_PROXIES";
    static final int MIN_ADMIN_TOKEN = 24;

    /** Every variable Roster reads (besides {@code ROSTER_CONFIG}, which names the file that may set them). */
    static final Set<String> VARIABLES = names();

    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final Pattern SERVICE_LINK_PORT = Pattern.compile("(tcp|udp|sctp)://[^\\s]+:[0-9]+");

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
        Objects.requireNonNull(authz, "authz");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(events, "events");
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        if (auth == AuthMode.JWT && jwt == null) {
            throw new ConfigException(AUTH + "=jwt needs one of " + String.join(", ", JwtConfig.KEY_VARIABLES));
        }
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>(List.of(PORT, "ROSTER_NODE_ID", AUTH, ADMIN_TOKEN, "ROSTER_GRACE_MS",
                "ROSTER_LEASE_MS", "ROSTER_ALLOWED_ORIGINS", "ROSTER_REDIS_URL", "ROSTER_REDIS_CLUSTER",
                "ROSTER_MAX_THREADS", "ROSTER_IDLE_TIMEOUT_MS", "ROSTER_PING_MS", "ROSTER_LARGE_ROOM",
                "ROSTER_CROWD_TICK_MS", "ROSTER_METRICS_TOKEN", TRUSTED_PROXIES));
        names.addAll(JwtConfig.VARIABLES);
        names.addAll(RoomAuthzSettings.VARIABLES);
        names.addAll(LimitSettings.VARIABLES);
        names.addAll(EventSettings.VARIABLES);
        return Collections.unmodifiableSet(names);
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
        UnknownVariables unknown = UnknownVariables.in(environment, known());
        String redisUrl = RedisTarget.url(source.text("ROSTER_REDIS_URL").orElse(null));
        String redisCluster = RedisTarget.cluster(source.text("ROSTER_REDIS_CLUSTER").orElse(null));
        boolean hasKey = JwtConfig.KEY_VARIABLES.stream().anyMatch(source::has);
        AuthMode auth = auth(source, hasKey, redisUrl != null || redisCluster != null);
        JwtConfig jwt = JwtConfig.read(source, auth);
        String givenToken = adminToken(source);
        Duration ping = Duration.ofMillis(source.number("ROSTER_PING_MS", 20_000, 1, DAY_MS));
        Duration idle = Duration.ofMillis(source.number("ROSTER_IDLE_TIMEOUT_MS", 60_000, 1, DAY_MS));
        if (ping.compareTo(idle) >= 0) {
            throw new ConfigException("ROSTER_PING_MS (" + ping.toMillis() + ") must be less than "
                    + "ROSTER_IDLE_TIMEOUT_MS (" + idle.toMillis() + "), or silent clients are dropped between pings");
        }
        return new Config(
                port(source),
                node(source, hostname, random),
                hex(random, 8),
                auth,
                jwt,
                givenToken != null ? givenToken : hex(random, 24),
                givenToken == null,
                Duration.ofMillis(source.number("ROSTER_GRACE_MS", 3_000, 0, DAY_MS)),
                Duration.ofMillis(source.number("ROSTER_LEASE_MS", 15_000, 30, DAY_MS)),
                source.text("ROSTER_ALLOWED_ORIGINS").orElse(null),
                redisUrl,
                redisCluster,
                (int) source.number("ROSTER_MAX_THREADS", 16, WebSettings.MIN_THREADS, 10_000),
                idle,
                ping,
                (int) source.number("ROSTER_LARGE_ROOM", 1_000, 0, 10_000_000),
                Duration.ofMillis(source.number("ROSTER_CROWD_TICK_MS", 100, 1, 60_000)),
                source.text("ROSTER_METRICS_TOKEN").orElse(null),
                RoomAuthzSettings.read(source),
                LimitSettings.read(source),
                trustedProxies(source),
                EventSettings.read(source),
                unknown.warnings(),
                unknown.notes());
    }

    private static Set<String> known() {
        Set<String> known = new TreeSet<>(VARIABLES);
        known.add(ConfigSource.FILE_VARIABLE);
        return known;
    }

    private static AuthMode auth(ConfigSource source, boolean hasKey, boolean usesRedis) {
        String raw = source.text(AUTH).orElse(null);
        if (raw == null) {
            if (hasKey) {
                return AuthMode.JWT;
            }
            if (!usesRedis) {
                return AuthMode.DEV;
            }
            // a shared store means a real deployment: trusting ?user= there must be asked for, never a default
            throw new ConfigException(AUTH + " is not set, and a node with ROSTER_REDIS_URL or ROSTER_REDIS_CLUSTER "
                    + "does not fall back to dev auth (which trusts ?user=). Set " + AUTH + "=jwt with one of "
                    + String.join(", ", JwtConfig.KEY_VARIABLES) + ", or " + AUTH
                    + "=dev to run without authentication on purpose");
        }
        try {
            return AuthMode.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(AUTH + " must be dev or jwt, got \"" + raw + "\"", e);
        }
    }

    private static String adminToken(ConfigSource source) {
        String given = source.text(ADMIN_TOKEN).orElse(null);
        if (given != null && given.codePointCount(0, given.length()) < MIN_ADMIN_TOKEN) {
            throw new ConfigException(ADMIN_TOKEN + " must be at least " + MIN_ADMIN_TOKEN + " characters, got "
                    + given.codePointCount(0, given.length()) + "; use a random value, e.g. openssl rand -hex 24");
        }
        return given;
    }

    private static int port(ConfigSource source) {
        String raw = source.text(PORT).orElse("");
        if (SERVICE_LINK_PORT.matcher(raw).matches()) {
            throw new ConfigException(PORT + " holds \"" + raw + "\", the Kubernetes service link of a Service named "
                    + "roster, not a port number. Set " + PORT + " explicitly in the container's env (e.g. "
                    + PORT + "=8080), or set enableServiceLinks: false in the pod spec");
        }
        return (int) source.number(PORT, 8080, 0, 65_535);
    }

    private static TrustedProxies trustedProxies(ConfigSource source) {
        String raw = source.text(TRUSTED_PROXIES).orElse(null);
        if (raw == null) {
            return TrustedProxies.NONE;
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TRUSTED_PROXIES + ": " + e.getMessage(), e);
        }
        if (proxies == TrustedProxies.NONE) {
            throw new ConfigException(TRUSTED_PROXIES + " lists no address; give addresses or CIDRs, or unset it");
        }
        return proxies;
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
                + ", jwt=" + jwt + ", adminToken=***"
                + ", grace=" + grace.toMillis() + "ms, lease=" + lease.toMillis() + "ms"
                + ", allowedOrigins=" + allowedOrigins + ", redisUrl=" + RedisTarget.redact(redisUrl)
                + ", redisCluster=" + redisCluster + ", maxThreads=" + maxThreads
                + ", idleTimeout=" + idleTimeout.toMillis() + "ms, pingInterval=" + pingInterval.toMillis() + "ms"
                + ", largeRoom=" + largeRoom + ", crowdTick=" + crowdTick.toMillis() + "ms"
                + ", metricsToken=" + (metricsToken == null ? "none" : "***") + ", authz=" + authz
                + ", limits=" + limits + ", trustedProxies=" + trustedProxies + ", events=" + events + "]";
    }
}
