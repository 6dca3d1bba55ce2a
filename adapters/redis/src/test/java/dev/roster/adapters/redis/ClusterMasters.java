package dev.roster.adapters.redis;

import dev.roster.testsupport.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The masters of a test Cluster that hold the buckets, and how many scripts they ran: for tests that count them. */
final class ClusterMasters {
    private final TestRedis redis;
    private final Keys keys;

    ClusterMasters(TestRedis redis, Keys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The masters, by port: the distinct masters of the buckets' slots. */
    Set<Integer> ports() {
        Set<Integer> ports = new TreeSet<>();
        for (int b = 0; b < keys.buckets(); b++) {
            ports.add(redis.shardPort(keys.due(b)));
        }
        return ports;
    }

    /** Resets every master's command statistics, runs {@code commands}, and counts the scripts the masters ran. */
    long scriptsRunBy(Runnable commands) {
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        List<RedisClient> clients = new ArrayList<>();
        try {
            for (int port : ports()) {
                RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                clients.add(client);
                connections.add(client.connect());
            }
            connections.forEach(c -> c.sync().configResetstat());
            commands.run();
            long scripts = 0;
            for (StatefulRedisConnection<String, String> c : connections) {
                for (String line : c.sync().info("commandstats").split("\r?\n")) {
                    if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                        scripts += Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
                    }
                }
            }
            return scripts;
        } finally {
            connections.forEach(StatefulRedisConnection::close);
            clients.forEach(RedisClient::shutdown);
        }
    }
}
