package dev.roster.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Report} as the results table printed at the end of a run, and as JSON for comparisons. */
public final class ReportWriter {
    private final ObjectMapper json;

    public ReportWriter(ObjectMapper json) {
        this.json = json;
    }

    public String table(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(report.scenario()).append(' ');
        report.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(p -> out.append(p.getKey()).append('=').append(p.getValue()).append(' '));
        out.setLength(out.length() - 1);
        out.append('\n');
        report.figures().forEach((name, figure) -> out.append(String.format(Locale.ROOT, "%-36s %14s %s%n",
                name, number(figure.value()), figure.unit())));
        if (!report.latencies().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-28s %9s %10s %10s %10s %10s %10s%n",
                    "latency (ms)", "count", "p50", "p90", "p99", "p99.9", "max"));
            for (Latency.Summary s : report.latencies()) {
                out.append(String.format(Locale.ROOT, "%-28s %9d %10.3f %10.3f %10.3f %10.3f %10.3f%n",
                        s.name(), s.count(), s.p50() / 1e3, s.p90() / 1e3, s.p99() / 1e3, s.p999() / 1e3,
                        s.max() / 1e3));
            }
        }
        out.append("truth: ").append(report.truthResult() == null ? "not checked" : report.truthResult().describe())
                .append('\n');
        report.failures().forEach(f -> out.append("FAILED: ").append(f).append('\n'));
        out.append(report.passed() ? "result: PASS" : "result: FAIL").append('\n');
        return out.toString();
    }

    public ObjectNode tree(Report report) {
        ObjectNode root = json.createObjectNode();
        root.put("scenario", report.scenario());
        root.put("passed", report.passed());
        ObjectNode parameters = root.putObject("parameters");
        report.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(p -> parameters.put(p.getKey(), String.valueOf(p.getValue())));
        ObjectNode figures = root.putObject("figures");
        report.figures().forEach((name, f) -> figures.putObject(name).put("value", f.value()).put("unit", f.unit()));
        ObjectNode latencies = root.putObject("latenciesMicros");
        for (Latency.Summary s : report.latencies()) {
            latencies.putObject(s.name()).put("count", s.count()).put("p50", s.p50()).put("p90", s.p90())
                    .put("p99", s.p99()).put("p99.9", s.p999()).put("max", s.max()).put("mean", s.mean());
        }
        if (report.truthResult() != null) {
            ObjectNode truth = root.putObject("truth");
            truth.put("exact", report.truthResult().exact());
            truth.put("expected", report.truthResult().expected());
            truth.put("listed", report.truthResult().listed());
            truth.set("missing", strings(report.truthResult().missing()));
            truth.set("unexpected", strings(report.truthResult().unexpected()));
            truth.set("duplicated", strings(report.truthResult().duplicated()));
        }
        root.set("failures", strings(report.failures()));
        return root;
    }

    public void writeJson(Report report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), tree(report));
    }

    private ArrayNode strings(Iterable<String> values) {
        ArrayNode array = json.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
