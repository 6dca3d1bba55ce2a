package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The rolling-restart scenario refuses what it cannot run before it opens anything or runs its command. */
class RollingRestartOptionsTest {
    private static final String TWO_NODES = "http://127.0.0.1:1,http://127.0.0.1:2";
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RosterBench.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void it_is_listed_among_the_scenarios() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("rolling-restart");
    }

    @Test
    void the_restart_command_is_required() {
        assertThat(run("rolling-restart", "--url", TWO_NODES)).isEqualTo(2);
        assertThat(err.toString()).contains("--restart-command");
    }

    @Test
    void it_needs_exactly_two_nodes() {
        assertThat(run("rolling-restart", "--url", "http://127.0.0.1:1", "--restart-command", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("give exactly two --url");
    }

    @Test
    void out_of_range_options_are_clear_errors() {
        assertThat(run("rolling-restart", "--url", TWO_NODES, "--restart-command", "true", "--users", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--users must be 1 to 50000");
        assertThat(run("rolling-restart", "--url", TWO_NODES, "--restart-command", "true", "--first-backoff", "2s",
                "--max-backoff", "1s")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-backoff at least it");
        assertThat(run("rolling-restart", "--url", TWO_NODES, "--restart-command", " ")).isEqualTo(2);
        assertThat(err.toString()).contains("--restart-command must not be blank");
    }
}
