package dev.roster.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The raw configuration values: the environment, over an optional properties file named by {@code ROSTER_CONFIG}
 * that uses the same names. A blank value counts as unset, as a shell's {@code ROSTER_X=} usually means, except for
 * a {@link #secret} that turns a guard on, where it is refused. Each typed reader fails with a
 * {@link ConfigException} that names the variable and says what it expected.
 */
final class ConfigSource {
    static final String FILE_VARIABLE = "ROSTER_CONFIG";

    private final Map<String, String> values;
    /** The names given a blank value, for the few settings where blank cannot mean unset. */
    private final Set<String> blank;

    private ConfigSource(Map<String, String> values, Set<String> blank) {
        this.values = values;
        this.blank = blank;
    }

    /** Reads the file named by {@code ROSTER_CONFIG}, if any; {@code known} lists the names a file may set. */
    static ConfigSource of(Map<String, String> environment, Set<String> known) {
        Map<String, String> merged = new HashMap<>();
        Set<String> blank = new HashSet<>();
        String file = environment.get(FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            merged.putAll(readFile(Path.of(file.strip()), known, blank));
        }
        environment.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                merged.put(name, value);
            } else if (value != null) {
                blank.add(name);
            }
        });
        blank.removeAll(merged.keySet());
        return new ConfigSource(merged, blank);
    }

    private static Map<String, String> readFile(Path path, Set<String> known, Set<String> blank) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(FILE_VARIABLE + "=" + path + ": cannot read the file (" + e + ")", e);
        }
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            // a typo in a file someone wrote on purpose should stop the start, not be silently ignored
            if (!known.contains(name)) {
                throw new ConfigException(FILE_VARIABLE + "=" + path + ": unknown setting " + name
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
            String value = properties.getProperty(name);
            if (!value.isBlank()) {
                values.put(name, value);
            } else {
                blank.add(name);
            }
        }
        return values;
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip);
    }

    /**
     * A secret that turns a guard on: unset means no guard, and a blank value is refused rather than read as unset,
     * since {@code X=} in a deploy is more likely a secret that failed to arrive than a wish to go unguarded.
     */
    Optional<String> secret(String name) {
        if (blank.contains(name)) {
            throw new ConfigException(name + " is set but empty; give it a token, or unset it");
        }
        return text(name);
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
}
