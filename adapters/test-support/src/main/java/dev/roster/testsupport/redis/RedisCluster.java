package dev.roster.testsupport.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cluster-enabled {@code redis-server}s (processes or containers, as {@link RedisProcess}) made one Redis Cluster with {@code redis-cli --cluster create}: masters
 * only, or each master with one replica. A test can find the master that holds a key, restart it empty (it keeps
 * its slots, as a master without persistence does), or fail it over to a replica that missed the last writes.
 */
final class RedisCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    private final List<RedisProcess> nodes = new ArrayList<>();
    private final int replicas;

    /** {@code masters} masters and {@code replicas} replicas of each (0 or 1). */
    RedisCluster(Path dir, int masters, int replicas) {
        this.replicas = replicas;
        for (int i = 0; i < masters * (1 + replicas); i++) {
            int port = FreePorts.withBusPort();
            nodes.add(new RedisProcess(port, dir.resolve("node-" + port), List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                    // a replica syncs at once instead of waiting for more replicas to share the transfer
                    "--repl-diskless-sync-delay", "0")));
        }
    }

    void start() {
        nodes.forEach(RedisProcess::start);
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(m -> create.add("127.0.0.1:" + m.port()));
        create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
        String output = nodes.get(0).redisCli(create);
        awaitHealthy("the cluster did not become ok; redis-cli said: " + output);
    }

    /** The seeds as {@code ROSTER_REDIS_CLUSTER} takes them. */
    String seeds() {
        return nodes.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
    }

    /** The master that serves {@code key} now. */
    RedisProcess masterOf(String key) {
        RedisProcess any = running().get(0);
        int slot = Integer.parseInt(any.cli("CLUSTER", "KEYSLOT", key).strip());
        for (String line : any.cli("CLUSTER", "NODES").split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return byAddress(f[1]);
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot + " of " + key);
    }

    /** Kills the master of {@code key} ({@code kill -9}) and starts it again at once, empty, with its slots. */
    void restartEmpty(String key) {
        RedisProcess master = masterOf(key);
        master.stop();
        master.wipe();
        master.start();
        awaitHealthy("the cluster did not become ok again after the master on " + master.port() + " restarted");
    }

    /**
     * Fails the master of {@code key} over to its replica after that replica missed what {@code missedWrites}
     * writes: the replica is frozen ({@code kill -STOP}) and the master drops its replication link, the writes
     * happen, the master is killed ({@code kill -9}), the replica thaws and the cluster promotes it.
     */
    void failOverToStaleReplica(String key, Runnable missedWrites) {
        if (replicas == 0) {
            throw new IllegalStateException("a cluster without replicas cannot fail over");
        }
        RedisProcess master = masterOf(key);
        RedisProcess replica = replicaOf(master);
        master.dieLeavingStale(replica, missedWrites);
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        while (!replica.cli("ROLE").startsWith("master") || !healthy()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica on " + replica.port() + " was not promoted within "
                        + FAILOVER_TIMEOUT + "; it says: " + replica.cli("CLUSTER", "NODES"));
            }
            RedisProcess.sleep(100);
        }
    }

    private RedisProcess replicaOf(RedisProcess master) {
        String nodesText = master.cli("CLUSTER", "NODES");
        String masterId = null;
        for (String line : nodesText.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length > 2 && f[2].contains("myself")) {
                masterId = f[0];
            }
        }
        for (String line : nodesText.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length > 3 && f[2].contains("slave") && f[3].equals(masterId)) {
                RedisProcess replica = byAddress(f[1]);
                awaitInSync(replica);
                return replica;
            }
        }
        throw new IllegalStateException("the master on " + master.port() + " has no replica: " + nodesText);
    }

    private void awaitInSync(RedisProcess replica) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!replica.cli("INFO", "replication").contains("master_link_status:up")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica on " + replica.port() + " never synced");
            }
            RedisProcess.sleep(100);
        }
    }

    private RedisProcess byAddress(String address) {
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1).split("[@,]")[0]);
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of this cluster on " + address));
    }

    private List<RedisProcess> running() {
        return nodes.stream().filter(RedisProcess::isRunning).toList();
    }

    /** Every running node says the cluster is ok, sees all masters (and no more), and each replica is in sync. */
    private boolean healthy() {
        int masters = nodes.size() / (1 + replicas);
        for (RedisProcess node : running()) {
            if (!node.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
            // right after the cluster is made, gossip may still show a replica as a master: clients would write to it
            long seen = node.cli("CLUSTER", "NODES").lines().map(line -> line.split(" "))
                    .filter(f -> f.length > 2 && f[2].contains("master") && !f[2].contains("fail")).count();
            if (seen != masters) {
                return false;
            }
            if (node.cli("ROLE").startsWith("slave") && !node.cli("INFO", "replication")
                    .contains("master_link_status:up")) {
                return false;
            }
        }
        return true;
    }

    private void awaitHealthy(String failure) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!healthy()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            RedisProcess.sleep(100);
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
