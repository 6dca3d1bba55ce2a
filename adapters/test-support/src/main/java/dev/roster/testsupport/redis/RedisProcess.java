package dev.roster.testsupport.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code redis-server} that a test owns: loopback only, a port of its own, its own directory, no automatic
 * snapshots ({@code --save "" --appendonly no}). It runs as a process from the PATH or, where {@link RedisLauncher}
 * says so, as a container on the host's network with the same command line and its directory mounted from the
 * host. Either way it can be killed (SIGKILL) and started again on the same port and directory: empty after
 * {@link #wipe()}, or with the data of the last {@link #save()}, which it loads at start like any Redis restarting
 * from its RDB file. It can be frozen ({@code kill -STOP}, or {@code docker pause}) and thawed.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Path configFile;
    private Process process;
    private Thread reaper;
    private RedisContainer container;

    RedisProcess(int port, Path dir, List<String> extraArgs) {
        this(port, dir, null, extraArgs);
    }

    /** With a config file, which a Sentinel needs and rewrites: {@code redis-server} takes it as first argument. */
    RedisProcess(int port, Path dir, Path configFile, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.configFile = configFile;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Whether a {@code redis-server} can be run here: a Docker engine answers, or one is on the PATH. */
    static boolean installed() {
        return RedisLauncher.available();
    }

    public int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** Takes an RDB snapshot now ({@code SAVE}); a restart without {@link #wipe()} loads it. */
    public void save() {
        String reply = cli("SAVE").strip();
        if (!reply.equals("OK")) {
            throw new IllegalStateException("SAVE on port " + port + " answered: " + reply);
        }
    }

    /** Removes whatever a restart would load (the RDB snapshot, an append-only file); the cluster config stays. */
    public void wipe() {
        if (isRunning()) {
            throw new IllegalStateException("wipe the files of redis-server on port " + port + " once it is stopped");
        }
        deleteTree(dir.resolve("dump.rdb"));
        deleteTree(dir.resolve("appendonlydir"));
    }

    /** Freezes the server ({@code kill -STOP}): it keeps its sockets and answers nothing until {@link #thaw()}. */
    public synchronized void freeze() {
        freeze(true);
    }

    public synchronized void thaw() {
        freeze(false);
    }

    private void freeze(boolean frozen) {
        if (!isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        if (container == null) {
            signal(frozen ? "-STOP" : "-CONT");
        } else if (frozen) {
            container.pause();
        } else {
            container.unpause();
        }
    }

    public synchronized boolean isRunning() {
        return container != null ? container.isRunning() : process != null && process.isAlive();
    }

    /**
     * Leaves {@code replica} behind and dies: the replica is frozen and this master drops its replication link, so
     * the replica misses what {@code missedWrites} writes; then this master is killed (SIGKILL) and the replica
     * thaws, as an asynchronous replica is when its master dies.
     */
    void dieLeavingStale(RedisProcess replica, Runnable missedWrites) {
        replica.freeze();
        try {
            cli("CLIENT", "KILL", "TYPE", "replica");
            missedWrites.run();
            stop();
        } finally {
            replica.thaw();
        }
    }

    /** Runs {@code redis-cli} against this server and returns what it printed. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return redisCli(command);
    }

    /**
     * Runs {@code redis-cli} with these arguments: the machine's own where it has one, else the one in this
     * server's container (which reaches every server of the test, all being on the host's network).
     */
    String redisCli(List<String> args) {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        command.addAll(args);
        RedisContainer inside;
        synchronized (this) {
            inside = container;
        }
        return inside == null || RedisLauncher.hostCli() ? run(command) : inside.cli(command);
    }

    private void signal(String signal) {
        String out = run(List.of("kill", signal, Long.toString(process.pid())));
        if (!out.isBlank()) {
            throw new IllegalStateException("kill " + signal + " said: " + out);
        }
    }

    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server"));
        if (configFile != null) {
            command.add(configFile.toAbsolutePath().toString());
        }
        command.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        if (RedisLauncher.containers()) {
            startContainer(command);
        } else {
            startProcess(command);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(port)) {
            if (!isRunning() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir);
            }
            sleep(20);
        }
    }

    private void startContainer(List<String> command) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        if (container == null) {
            container = new RedisContainer(dir, command);
        }
        container.start();
    }

    private void startProcess(List<String> command) {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Process started = process;
            // a test JVM that ends without its afterAll (a failed start, an abort) must not leave servers behind
            reaper = new Thread(started::destroyForcibly, "stop-redis-" + port);
            Runtime.getRuntime().addShutdownHook(reaper);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server at once (SIGKILL, even while frozen): nothing is saved, so it comes back with the last
     * {@link #save()} if any, else empty.
     */
    public synchronized void stop() {
        if (container != null) {
            container.kill();
            awaitSilent();
            return;
        }
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
        awaitSilent();
    }

    private void awaitSilent() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (answers(port) && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    /** Stops the server as {@link #stop()} does, and removes its container if it has one. */
    @Override
    public synchronized void close() {
        stop();
        if (container != null) {
            container.remove();
            container = null;
        }
    }

    /** A plain PING over a socket: no client library needed to know that a server is up. */
    static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs a command to its end and returns its output, standard error included; one that runs for more than 30 s
     * (a {@code redis-cli} waiting on a frozen server) is killed and reported.
     */
    static String run(List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("roster-cmd-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Sleeps; an interrupt ends the test that waits. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
