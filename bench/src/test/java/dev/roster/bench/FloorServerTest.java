package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The floor server is only worth its figures if the scenarios run against it exactly as against a node: op-latency
 * and churn must pass on it, every reply and watcher presence included, and its truth must hold.
 */
class FloorServerTest {
    private Thread server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = new Thread(() -> run(new StringWriter(), "floor-server", "--port", String.valueOf(port),
                "--duration", "60s"), "floor-server");
        server.setDaemon(true);
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
        for (int i = 0; i < 200; i++) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the floor server did not start");
    }

    @AfterEach
    void stop() {
        server.interrupt();
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = RosterBench.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void op_latency_runs_against_it_as_against_a_node(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("op-latency.json");

        int code = run(new StringWriter(), "op-latency", "--url", "http://127.0.0.1:" + port, "--rate", "100",
                "--duration", "2s", "--json", json.toString());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(code).isZero();
        // every reply and every presence the watcher should see arrived, once per cycle
        long cycles = report.path("figures").path("cycles").path("value").asLong();
        assertThat(cycles).isPositive();
        for (String latency : List.of("open->welcome", "join->joined", "join->watcher presence", "status->ok",
                "status->watcher presence", "leave->left", "leave->watcher presence")) {
            assertThat(report.path("latenciesMicros").path(latency).path("count").asLong()).as(latency)
                    .isEqualTo(cycles);
        }
        assertThat(report.path("truth").path("exact").asBoolean()).isTrue();
    }

    @Test
    void churn_runs_against_it_and_leaves_no_one_online(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("churn.json");

        int code = run(new StringWriter(), "churn", "--url", "http://127.0.0.1:" + port, "--users", "5",
                "--duration", "2s", "--grace", "0s", "--json", json.toString());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(code).isZero();
        assertThat(report.path("figures").path("cycles").path("value").asLong()).isPositive();
        assertThat(report.path("figures").path("online count after grace").path("value").asLong()).isZero();
    }

    @Test
    void it_refuses_a_port_out_of_range() {
        StringWriter out = new StringWriter();

        assertThat(run(out, "floor-server", "--port", "0")).isEqualTo(2);
        assertThat(out.toString()).contains("--port of 1 to 65535");
    }

    @Test
    void unknown_paths_are_not_found() throws Exception {
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/users/x")).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(answer.statusCode()).isEqualTo(404);
    }
}
