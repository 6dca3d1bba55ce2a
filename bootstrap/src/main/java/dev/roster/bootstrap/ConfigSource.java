package dev.roster.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The raw configuration values: the environment, over an optional properties file named by {@code ROSTER_CONFIG}
 * that uses the same names. A setting Roster reads that is given an empty or blank value is refused, in the
 * environment as in the file: {@code ROSTER_X=} in a deploy is far more often a value that failed to arrive (a
 * missing secret, an unset shell variable) than a wish for the default. Each typed reader fails with a
 * {@link ConfigException} that names the variable and says what it expected.
 */
final class ConfigSource {
    static final String FILE_VARIABLE = "ROSTER_CONFIG";

    private final Map<String, String> values;

    private ConfigSource(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads the file named by {@code ROSTER_CONFIG}, if any, under the environment; {@code known} lists the names
     * Roster reads. Names outside it are left for {@link UnknownVariables} to report.
     *
     * @throws ConfigException naming the first known setting that is set but empty, or the file when it cannot be
     *                         read or sets a name Roster does not know
     */
    static ConfigSource of(Map<String, String> environment, Set<String> known) {
        Set<String> blank = new TreeSet<>();
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            boolean readHere = known.contains(entry.getKey()) || FILE_VARIABLE.equals(entry.getKey());
            if (readHere && entry.getValue() != null && entry.getValue().isBlank()) {
                blank.add(entry.getKey());
            }
        }
        if (!blank.isEmpty()) {
            throw empty(blank.iterator().next());
        }
        Map<String, String> merged = new HashMap<>();
        String file = environment.get(FILE_VARIABLE);
        if (file != null) {
            merged.putAll(readFile(Path.of(file.strip()), known, environment));
        }
        environment.forEach((name, value) -> {
            if (value != null && known.contains(name)) {
                merged.put(name, value);
            }
        });
        return new ConfigSource(merged);
    }

    private static ConfigException empty(String name) {
        return new ConfigException(name + " is set but empty; give it a value, or unset it to take the default");
    }

    private static Map<String, String> readFile(Path path, Set<String> known, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(FILE_VARIABLE + "=" + path + ": cannot read the file (" + e + ")", e);
        }
        Map<String, String> values = new HashMap<>();
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            // a typo in a file someone wrote on purpose should stop the start, not be silently ignored
            if (!known.contains(name)) {
                throw new ConfigException(FILE_VARIABLE + "=" + path + ": unknown setting " + name
                        + UnknownVariables.suggestion(name, known)
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
            String value = properties.getProperty(name);
            if (value.isBlank() && environment.get(name) == null) {
                throw new ConfigException(FILE_VARIABLE + "=" + path + ": " + empty(name).getMessage());
            }
            values.put(name, value);
        }
        return values;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value with surrounding white space removed; empty when the setting is not given. */
    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip);
    }

    long number(String name, long fallback, long min, long max) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got \"" + raw.get() + "\"", e);
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    boolean flag(String name, boolean fallback) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be true or false, got \"" + raw.get() + "\"");
        };
    }
}
