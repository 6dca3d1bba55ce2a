package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Node leases in one hash (boot to lease) and one sorted set (boot to expiry), both in the {@code {leases}} slot so
 * that each change is one script. Expiry is Redis's own {@code TIME} plus the lease length, and a lease has lapsed
 * when Redis's time passes it: the nodes' clocks never decide, so a node whose clock runs ahead reaps nobody early.
 * Release is compare-and-delete: only the first releaser of a lease that was not renewed since it lapsed gets true.
 */
public final class RedisNodeLeases implements NodeLeases {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final ObjectMapper json = new ObjectMapper();
    private final LuaScript renew;
    private final LuaScript read;
    private final LuaScript release;

    RedisNodeLeases(RedisClusterAsyncCommands<String, String> redis, Keys keys) {
        this.redis = redis;
        this.keys = keys;
        this.renew = LuaScript.load("lease-renew", ScriptOutputType.INTEGER);
        this.read = LuaScript.load("lease-read", ScriptOutputType.MULTI);
        this.release = LuaScript.load("lease-release", ScriptOutputType.INTEGER);
    }

    @Override
    public CompletionStage<Boolean> renew(NodeLease lease) {
        long length = Math.max(1, Duration.between(lease.heartbeatAt(), lease.expiresAt()).toMillis());
        return renew.<Long>run(redis, slot(), field(lease), encode(lease), Long.toString(length))
                .thenApply(existed -> existed == 1);
    }

    @Override
    public CompletionStage<Set<NodeBoot>> leased() {
        return Failures.guard(() -> redis.hkeys(keys.leases())).thenApply(BootNames::parse);
    }

    @Override
    public CompletionStage<List<NodeLease>> live(Instant now) {
        return leases("live", now);
    }

    @Override
    public CompletionStage<List<NodeLease>> lapsed(Instant now) {
        return leases("lapsed", now);
    }

    /** Both in one script, split by Redis's own clock, with Redis's time; {@code now} is this node's belief only. */
    @Override
    public CompletionStage<LeaseView> view(Instant now) {
        return read.<List<Object>>run(redis, slot(), "all").thenApply(all -> {
            long redisMicros = Long.parseLong((String) all.get(0));
            List<NodeLease> live = new ArrayList<>();
            List<NodeLease> lapsed = new ArrayList<>();
            for (int i = 1; i + 1 < all.size(); i += 2) {
                long expiry = Long.parseLong((String) all.get(i + 1));
                (expiry > redisMicros ? live : lapsed).add(decode((String) all.get(i), expiry));
            }
            return new LeaseView(Instant.EPOCH.plus(redisMicros, java.time.temporal.ChronoUnit.MICROS), live, lapsed);
        });
    }

    /** The leases Redis's own clock says are live or lapsed; {@code now} is this node's belief only. */
    private CompletableFuture<List<NodeLease>> leases(String which, Instant now) {
        return read.<List<Object>>run(redis, slot(), which).thenApply(all -> {
            List<NodeLease> leases = new ArrayList<>(all.size() / 2);
            for (int i = 0; i + 1 < all.size(); i += 2) {
                leases.add(decode((String) all.get(i), Long.parseLong((String) all.get(i + 1))));
            }
            return leases;
        });
    }

    @Override
    public CompletionStage<Boolean> release(NodeLease lease) {
        return release.<Long>run(redis, slot(), field(lease), Long.toString(expiry(lease)))
                .thenApply(released -> released == 1);
    }

    private String[] slot() {
        return new String[] {keys.leases(), keys.leaseExpiries()};
    }

    private static String field(NodeLease lease) {
        return lease.id().toString();
    }

    private static long expiry(NodeLease lease) {
        return Instants.ceilMicros(lease.expiresAt());
    }

    private String encode(NodeLease lease) {
        ObjectNode node = json.createObjectNode();
        node.put("node", lease.id().node().value());
        node.put("boot", lease.id().boot());
        node.put("sessions", lease.sessions());
        node.put("heartbeatAt", Instants.toNanos(lease.heartbeatAt()));
        node.put("expiresAt", Instants.toNanos(lease.expiresAt()));
        return node.toString();
    }

    /**
     * A stored lease with its expiry by Redis's clock: the expiry a release must name, and the heartbeat time
     * shown to operators measured the same way (the expiry less the lease length the node gave).
     */
    private NodeLease decode(String text, long expiryMicros) {
        try {
            JsonNode node = json.readTree(text);
            Instant written = Instants.ofNanos(node.path("heartbeatAt").asLong());
            Duration length = Duration.between(written, Instants.ofNanos(node.path("expiresAt").asLong()));
            Instant expires = Instant.EPOCH.plus(expiryMicros, java.time.temporal.ChronoUnit.MICROS);
            return new NodeLease(new NodeBoot(NodeId.of(node.path("node").asText()), node.path("boot").asText()),
                    node.path("sessions").asInt(), expires.minus(length), expires);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored lease is not valid JSON", e);
        }
    }
}
