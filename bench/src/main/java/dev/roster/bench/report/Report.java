package dev.roster.bench.report;

import dev.roster.bench.truth.Truth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run measured: parameters, named figures, latency distributions, the truth check, and failures.
 * A run passes when the truth check was exact and nothing failed.
 */
public final class Report {
    private final String scenario;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final List<Latency.Summary> latencies = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Truth truth;

    public Report(String scenario) {
        this.scenario = scenario;
    }

    public Report parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public Report figure(String name, double value, String unit) {
        figures.put(name, new Figure(value, unit));
        return this;
    }

    public Report latency(Latency latency) {
        latencies.add(latency.summary());
        return this;
    }

    public Report truth(Truth result) {
        this.truth = result;
        if (!result.exact()) {
            failures.add("truth check: " + result.describe());
        }
        return this;
    }

    public Report failure(String what) {
        failures.add(what);
        return this;
    }

    public String scenario() {
        return scenario;
    }

    public Map<String, Object> parameters() {
        return Map.copyOf(parameters);
    }

    public Map<String, Figure> figures() {
        return java.util.Collections.unmodifiableMap(figures);
    }

    public List<Latency.Summary> latencies() {
        return List.copyOf(latencies);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The truth check, or null when the run did not get as far as making one. */
    public Truth truthResult() {
        return truth;
    }

    public boolean passed() {
        return failures.isEmpty() && truth != null;
    }

    /** A measured number and its unit. */
    public record Figure(double value, String unit) {
    }
}
