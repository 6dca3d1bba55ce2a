package dev.roster.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UsersScenarioTest {

    private static void parse(Scenario scenario, String... args) {
        new CommandLine(scenario).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    }

    @Test
    void the_users_option_sets_the_connections_and_has_its_default() {
        ChurnCommand churn = new ChurnCommand();
        parse(churn, "-c", "7");
        TruthCommand truth = new TruthCommand();
        parse(truth);

        assertThat(churn.connections()).isEqualTo(7);
        assertThat(truth.connections()).isEqualTo(100);
    }

    @Test
    void users_outside_the_range_of_the_scenario_are_refused() {
        ChurnCommand churn = new ChurnCommand();
        parse(churn, "--users", "0");
        TruthCommand truth = new TruthCommand();
        parse(truth, "--users", "0");

        assertThatThrownBy(churn::validate).hasMessage("--users must be 1 to 2000");
        truth.validate();
        parse(truth, "-n", "1000001");
        assertThatThrownBy(truth::validate).hasMessage("--users must be 0 to 1000000");
    }
}
