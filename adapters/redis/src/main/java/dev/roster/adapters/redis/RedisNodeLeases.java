package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.domain.NodeId;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node leases in one hash (boot to lease) and one sorted set (boot to expiry), both in the {@code {leases}} slot so
 * that each change is one script. Release is compare-and-delete: only the first releaser of a lease that was not
 * renewed since it lapsed gets true. A lease this node renewed before and finds gone means the store lost it
 * (Redis restarted, or this node was paused past its lease and reaped): the loss is reported to {@code lost}.
 */
public final class RedisNodeLeases implements NodeLeases {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final ObjectMapper json = new ObjectMapper();
    private final LuaScript renew;
    private final LuaScript read;
    private final LuaScript release;
    private final Set<String> renewedBefore = ConcurrentHashMap.newKeySet();
    private final Runnable lost;

    RedisNodeLeases(RedisClusterAsyncCommands<String, String> redis, Keys keys, Runnable lost) {
        this.redis = redis;
        this.keys = keys;
        this.lost = lost;
        this.renew = LuaScript.load("lease-renew", ScriptOutputType.INTEGER);
        this.read = LuaScript.load("lease-read", ScriptOutputType.MULTI);
        this.release = LuaScript.load("lease-release", ScriptOutputType.INTEGER);
    }

    @Override
    public CompletionStage<Void> renew(NodeLease lease) {
        String field = field(lease);
        return renew.<Long>run(redis, slot(), field, encode(lease), Long.toString(expiry(lease)))
                .thenAccept(existed -> {
                    boolean first = renewedBefore.add(field);
                    if (existed == 0 && !first) {
                        lost.run();
                    }
                });
    }

    @Override
    public CompletionStage<List<NodeLease>> live(Instant now) {
        return leases("live", now);
    }

    @Override
    public CompletionStage<List<NodeLease>> lapsed(Instant now) {
        return leases("lapsed", now);
    }

    private CompletableFuture<List<NodeLease>> leases(String which, Instant now) {
        return read.<List<Object>>run(redis, slot(), which, Long.toString(Instants.floorMicros(now)))
                .thenApply(all -> all.stream().map(o -> decode((String) o)).toList());
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
        return lease.node().value() + " " + lease.boot();
    }

    private static long expiry(NodeLease lease) {
        return Instants.ceilMicros(lease.expiresAt());
    }

    private String encode(NodeLease lease) {
        ObjectNode node = json.createObjectNode();
        node.put("node", lease.node().value());
        node.put("boot", lease.boot());
        node.put("sessions", lease.sessions());
        node.put("heartbeatAt", Instants.toNanos(lease.heartbeatAt()));
        node.put("expiresAt", Instants.toNanos(lease.expiresAt()));
        return node.toString();
    }

    private NodeLease decode(String text) {
        try {
            JsonNode node = json.readTree(text);
            return new NodeLease(NodeId.of(node.path("node").asText()), node.path("boot").asText(),
                    node.path("sessions").asInt(), Instants.ofNanos(node.path("heartbeatAt").asLong()),
                    Instants.ofNanos(node.path("expiresAt").asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored lease is not valid JSON", e);
        }
    }
}
