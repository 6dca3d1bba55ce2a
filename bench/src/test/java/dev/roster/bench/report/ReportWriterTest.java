package dev.roster.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.truth.Truth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ReportWriter writer = new ReportWriter(json);

    private Report aPassingRun() {
        Latency welcome = new Latency("open->welcome");
        for (int i = 1; i <= 100; i++) {
            welcome.recordNanos(i * 100_000L);
        }
        return new Report("churn").parameter("users", 50)
                .figure("cycles", 12_345, "")
                .figure("cycles per second", 1234.5, "cycles/s")
                .latency(welcome)
                .truth(Truth.compare(Set.of(), List.of()));
    }

    @Test
    void the_table_shows_figures_percentiles_truth_and_verdict() {
        String table = writer.table(aPassingRun());

        assertThat(table).startsWith("== churn users=50\n");
        assertThat(table).contains("cycles per second").contains("1,234.50 cycles/s").contains("12,345");
        assertThat(table).containsPattern("latency \\(ms\\)\\s+count\\s+p50\\s+p90\\s+p99\\s+p99\\.9\\s+max");
        assertThat(table).containsPattern("open->welcome\\s+100\\s+5\\.00\\d\\s+9\\.00\\d\\s+9\\.90\\d\\s+10\\.0\\d\\d");
        assertThat(table).contains("truth: exact (0 open, 0 listed)").endsWith("result: PASS\n");
    }

    @Test
    void a_failure_or_a_missing_truth_check_fails_the_run() {
        Report failed = aPassingRun().failure("3 cycles failed");
        Report unchecked = new Report("idle");

        assertThat(writer.table(failed)).contains("FAILED: 3 cycles failed").endsWith("result: FAIL\n");
        assertThat(unchecked.passed()).isFalse();
        assertThat(writer.table(unchecked)).contains("truth: not checked");
    }

    @Test
    void a_truth_difference_fails_the_run() {
        Report report = new Report("truth").truth(Truth.compare(Set.of("ann"), List.of()));

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).singleElement().asString().contains("missing 1 [ann]");
    }

    @Test
    void the_json_holds_the_same_results(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/churn.json");
        writer.writeJson(aPassingRun(), file);

        JsonNode root = json.readTree(Files.readString(file));

        assertThat(root.path("scenario").asText()).isEqualTo("churn");
        assertThat(root.path("passed").asBoolean()).isTrue();
        assertThat(root.path("parameters").path("users").asText()).isEqualTo("50");
        assertThat(root.path("figures").path("cycles").path("value").asDouble()).isEqualTo(12_345);
        JsonNode welcome = root.path("latenciesMicros").path("open->welcome");
        assertThat(welcome.path("count").asLong()).isEqualTo(100);
        assertThat(welcome.path("p50").asDouble()).isBetween(5_000.0, 5_010.0);
        assertThat(welcome.has("p99.9")).isTrue();
        assertThat(root.path("truth").path("exact").asBoolean()).isTrue();
        assertThat(root.path("failures").isEmpty()).isTrue();
    }
}
