package dev.roster.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator starts it: a configuration that would run a shared store without authentication
 * stops the process with exit code 2 and says what to set, and a generated admin token reaches stderr only, never
 * the log lines on stdout.
 */
class SafeStartIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Pattern TOKEN_LINE = Pattern.compile("Roster admin token .*: ([0-9a-f]{48})");

    private static ProcessBuilder jar(Map<String, String> env, Path out, Path err) {
        Path jar = Path.of(System.getProperty("roster.jar", "target/roster.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the process tests run after mvn package");
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ROSTER_"));
        builder.environment().putAll(env);
        return builder;
    }

    @Test
    void redis_without_an_auth_choice_exits_non_zero_naming_roster_auth() throws Exception {
        Path out = Files.createTempFile("roster-unsafe-", ".out");
        Path err = Files.createTempFile("roster-unsafe-", ".err");
        // nothing listens there: the start must stop before it would connect
        Process process = jar(Map.of("ROSTER_REDIS_URL", "redis://127.0.0.1:1", "ROSTER_PORT", "0"), out, err)
                .start();
        try {
            assertThat(process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(Files.readString(out) + Files.readString(err))
                    .contains("cannot start: ROSTER_AUTH is not set")
                    .contains("ROSTER_JWT_SECRET", "ROSTER_JWT_PUBLIC_KEY", "ROSTER_JWT_JWKS_URL", "ROSTER_AUTH=dev");
        } finally {
            process.destroyForcibly().waitFor();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void a_generated_admin_token_is_printed_on_stderr_and_not_in_the_log() throws Exception {
        Path out = Files.createTempFile("roster-token-", ".out");
        Path err = Files.createTempFile("roster-token-", ".err");
        Process process = jar(Map.of("ROSTER_PORT", "0"), out, err).start();
        try {
            await().atMost(EXIT).until(() -> !process.isAlive() || read(out).contains("open http://localhost:"));
            assertThat(process.isAlive()).as("the node runs; its output:\n" + read(out) + read(err)).isTrue();

            Matcher token = TOKEN_LINE.matcher(read(err));
            assertThat(token.find()).as("stderr shows the token:\n" + read(err)).isTrue();
            assertThat(read(out)).doesNotContain(token.group(1)).contains("generated and printed once to the terminal");
        } finally {
            process.destroyForcibly().waitFor();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
