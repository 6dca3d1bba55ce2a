package dev.roster.adapters.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * A read-only script over one key of each bucket of a group that one server holds ({@link Shards}), sent as one
 * command to that server. On one server every key is declared. On a Cluster a command's declared keys must share a
 * slot, so the script declares the first bucket's key (which routes it to the master that holds the group) and gets
 * the others as arguments; its {@code allow-cross-slot-keys} flag lets it read them, all on that master. The
 * script's arguments are {@code fixed} first, then those keys; it reads the declared ones, then the rest. The flag
 * (a first line {@code #!lua flags=...}) is sent on a Cluster only, which needs Redis 7 anyway.
 *
 * <p>When the client's view of the slots is behind (a slot moved, a failover), Redis refuses the script: the caller
 * then reads those buckets one by one ({@link #run} fails and the caller falls back), as every command is routed on
 * its own.
 */
final class ShardScript {
    private final LuaScript crossSlot;
    private final LuaScript oneServer;

    private ShardScript(LuaScript crossSlot) {
        this.crossSlot = crossSlot;
        // on one server every key is declared and no flag is needed: the script runs on Redis before 7 too
        this.oneServer = crossSlot.withoutShebang();
    }

    static ShardScript load(String name, ScriptOutputType output) {
        return new ShardScript(LuaScript.load(name, output));
    }

    /**
     * Runs the script over the key {@code key} names of each bucket of {@code group}; {@code cluster} whether the
     * group's buckets are in several slots.
     */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, int[] group, boolean cluster,
                                 IntFunction<String> key, String... fixed) {
        return run(redis, group, cluster, new String[0], key, fixed);
    }

    /**
     * As {@link #run(RedisClusterAsyncCommands, int[], boolean, IntFunction, String...)}, with {@code lead}
     * declared before the buckets' keys: keys in the slot of the group's first bucket (on a Cluster, a declared key
     * must share the slot of the others).
     */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, int[] group, boolean cluster,
                                 String[] lead, IntFunction<String> key, String... fixed) {
        int declared = cluster ? 1 : group.length;
        String[] keys = new String[lead.length + declared];
        System.arraycopy(lead, 0, keys, 0, lead.length);
        List<String> args = new ArrayList<>(fixed.length + group.length - declared);
        args.addAll(List.of(fixed));
        for (int i = 0; i < group.length; i++) {
            if (i < declared) {
                keys[lead.length + i] = key.apply(group[i]);
            } else {
                args.add(key.apply(group[i]));
            }
        }
        return (cluster ? crossSlot : oneServer).run(redis, keys, args.toArray(String[]::new));
    }
}
