package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RosterBenchTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RosterBench.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void lists_every_scenario() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("idle", "churn", "presence-latency", "fanout", "truth", "webhook", "jmh");
    }

    @Test
    void a_target_off_loopback_is_refused_before_anything_is_sent() {
        assertThat(run("truth", "--url", "http://192.168.0.10:8080")).isEqualTo(2);
        assertThat(err.toString()).contains("error: node URL must be on loopback");
    }

    @Test
    void out_of_range_options_are_clear_errors() {
        assertThat(run("idle", "--connections", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--connections must be 1 to 1000000");
    }

    @Test
    void a_warm_up_out_of_range_is_a_clear_error() {
        assertThat(run("op-latency", "--warmup", "11m")).isEqualTo(2);
        assertThat(err.toString()).contains("--warmup of 0s to 10m");
    }

    @Test
    void a_malformed_option_is_a_usage_error() {
        assertThat(run("churn", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("not a duration");
        assertThat(run("nonsense")).isEqualTo(2);
    }

    @Test
    void the_jdk_client_cannot_spread_over_source_addresses() {
        assertThat(run("idle", "--client", "jdk", "--source-addresses", "127.0.0.2,127.0.0.3")).isEqualTo(2);
        assertThat(err.toString()).contains("use --client jetty");
    }

    @Test
    void jmh_options_reach_jmh_in_the_order_given() {
        CommandLine cli = RosterBench.commandLine();
        cli.parseArgs("jmh", "-rf", "json", "-rff", "out.json", "-f", "0", "PresenceTransitions");

        JmhCommand jmh = cli.getSubcommands().get("jmh").getCommand();

        assertThat(jmh.args).containsExactly("-rf", "json", "-rff", "out.json", "-f", "0", "PresenceTransitions");
    }

    @Test
    void a_bad_jmh_option_is_a_usage_error() {
        assertThat(run("jmh", "-rf", "nonsense")).isEqualTo(2);
    }

    @Test
    void the_webhook_scenario_needs_the_nodes_secret_before_anything_is_opened() {
        assertThat(run("webhook", "--secret", "too short")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 32 bytes");
    }

    @Test
    void the_webhook_scenarios_ranges_are_clear_errors() {
        String secret = "0123456789abcdef0123456789abcdef";
        assertThat(run("webhook", "--secret", secret, "--rate", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be 1 to 100000");
        assertThat(run("webhook", "--secret", secret, "--receiver-port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--receiver-port must be 1 to 65535");
        assertThat(run("webhook", "--secret", secret, "--users", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--users must be 1 to 10000");
    }

    @Test
    void without_a_receiver_the_webhook_scenario_needs_no_secret() {
        assertThat(run("webhook", "--no-receiver", "--rate", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be").doesNotContain("secret");
    }
}
