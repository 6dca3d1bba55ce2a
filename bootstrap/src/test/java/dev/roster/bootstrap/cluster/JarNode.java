package dev.roster.bootstrap.cluster;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real {@code roster.jar} as a child process on loopback: a node of the cluster that a test can kill
 * ({@code kill -9}, as {@link Process#destroyForcibly()} does) or stop ({@code SIGTERM}) and start again under the
 * same node id.
 */
final class JarNode implements AutoCloseable {
    static final String TOKEN = "cluster-test-token-0123456789";
    private static final Duration READY = Duration.ofSeconds(60);
    private static final int MAX_ANSWER = 16_384;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private JarNode(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with these extra settings and waits until {@code /health/ready} answers 200. */
    static JarNode start(String nodeId, Map<String, String> env) throws IOException {
        return start(nodeId, env, freePort());
    }

    /** As {@link #start(String, Map)}, on this port: a node started again where its clients knew it. */
    static JarNode start(String nodeId, Map<String, String> env, int port) throws IOException {
        JarNode node = launch(nodeId, env, port);
        try {
            await().atMost(READY).pollInterval(Duration.ofMillis(100))
                    .until(() -> !node.process.isAlive() || node.status("/health/ready") == 200);
        } catch (RuntimeException e) {
            node.close();
            throw new IllegalStateException("node " + nodeId + " did not get ready; its log:\n" + node.logText(), e);
        }
        if (!node.process.isAlive()) {
            throw new IllegalStateException("node " + nodeId + " exited; its log:\n" + node.logText());
        }
        return node;
    }

    /** Starts the jar with these extra settings and returns at once, before the node answers anything. */
    static JarNode launch(String nodeId, Map<String, String> env) throws IOException {
        return launch(nodeId, env, freePort());
    }

    private static JarNode launch(String nodeId, Map<String, String> env, int port) throws IOException {
        Path jar = Path.of(System.getProperty("roster.jar", "target/roster.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the process tests run after mvn package");
        }
        Path log = Files.createTempFile("roster-" + nodeId + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ROSTER_"));
        builder.environment().putAll(env);
        builder.environment().put("ROSTER_PORT", Integer.toString(port));
        builder.environment().put("ROSTER_NODE_ID", nodeId);
        builder.environment().put("ROSTER_ADMIN_TOKEN", TOKEN);
        builder.environment().put("ROSTER_AUTH", "dev");
        return new JarNode(builder.start(), port, log);
    }

    int port() {
        return port;
    }

    /** The answer's status, or -1 when the node does not answer at all. */
    int status(String path) {
        try {
            return send(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    String json(String path) throws IOException {
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<String> send(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + TOKEN).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Sends a WebSocket upgrade of {@code /ws?query} by hand and returns the whole answer up to the end of its JSON
     * body, since the JDK client hides a refusal's body.
     */
    String upgrade(String query) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while (answer.size() < MAX_ANSWER && !answer.toString(StandardCharsets.UTF_8).contains("}}")
                    && (n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Asks the node to stop, as SIGTERM does. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the node did not exit within " + within + "; its log:\n" + logText());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * The operators' live feed ({@code /admin/feed}, read with the admin token) from its backlog on, up to and
     * including the first event line that names {@code kind}; fails if none does within {@code within}.
     */
    String feedUntil(String kind, Duration within) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/feed"))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").GET().build();
        StringBuilder read = new StringBuilder();
        java.util.concurrent.CompletableFuture<String> found = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            try (java.util.stream.Stream<String> lines = r.body()) {
                lines.forEach(line -> {
                    read.append(line).append('\n');
                    if (line.startsWith("data:") && line.contains("\"kind\":\"" + kind + "\"")) {
                        found.complete(line);
                        throw new java.util.concurrent.CancellationException("found");
                    }
                });
            } catch (java.util.concurrent.CancellationException done) {
                // the line was found: stop reading the endless stream
            }
        });
        try {
            return found.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IOException("no " + kind + " in the feed within " + within + "; it read:\n" + read, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            response.cancel(true);
        }
    }

    /** Kills the process with no chance to clean up, as {@code kill -9} does. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
