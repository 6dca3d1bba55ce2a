package dev.roster.adapters.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} from the PATH that a test owns: loopback only, a port of its own, nothing on disk
 * ({@code --save "" --appendonly no}), its own directory. It can be stopped and started again on the same port,
 * and then holds nothing, as a real Redis without persistence after a restart.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Path configFile;
    private Process process;
    private Thread reaper;

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

    /** Whether {@code redis-server} can be run here. */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
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
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir);
            }
            sleep(20);
        }
    }

    /** Stops the server at once (SIGKILL): with nothing on disk, it comes back empty. */
    public synchronized void stop() {
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
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (answers(port) && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    @Override
    public void close() {
        stop();
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
