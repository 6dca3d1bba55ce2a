package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownVariablesTest {

    private static Config load(Map<String, String> env) {
        return Config.load(env, "host", new SecureRandom());
    }

    @ParameterizedTest
    @CsvSource({
        "ROSTER_PROT, ROSTER_PORT",
        "ROSTER_JWT_SECRT, ROSTER_JWT_SECRET",
        "ROSTER_GRACE, ROSTER_GRACE_MS",
        "ROSTER_MAX_ROOM_PER_SESSION, ROSTER_MAX_ROOMS_PER_SESSION",
        "ROSTER_REDIS_URI, ROSTER_REDIS_URL",
        "ROSTER_ADMINTOKEN, ROSTER_ADMIN_TOKEN",
        "ROSTER_ROOM_OPEN, ROSTER_ROOMS_OPEN",
    })
    void a_typo_is_warned_about_with_the_closest_known_name_and_the_start_goes_on(String typo, String meant) {
        Config config = load(Map.of(typo, "1"));

        assertThat(config.warnings()).containsExactly(
                "unknown variable " + typo + " is ignored; did you mean " + meant + "?");
        assertThat(config.notes()).isEmpty();
    }

    @Test
    void a_name_close_to_none_is_warned_about_without_a_guess() {
        Config config = load(Map.of("ROSTER_FOO", "x", "ROSTER_DEPLOYED_BY", "ci"));

        assertThat(config.warnings()).containsExactly(
                "unknown variable ROSTER_DEPLOYED_BY is ignored",
                "unknown variable ROSTER_FOO is ignored");
    }

    @Test
    void known_names_other_prefixes_and_roster_config_are_not_warned_about() {
        Config config = load(Map.of("ROSTER_GRACE_MS", "10", "PATH", "/usr/bin", "ROSTERX", "1",
                "MY_ROSTER_PORT", "1"));

        assertThat(config.warnings()).isEmpty();
        assertThat(config.notes()).isEmpty();
    }

    @Test
    void service_link_variables_are_summed_up_in_one_note_and_others_still_warned() {
        Config config = load(Map.of("ROSTER_SERVICE_HOST", "10.0.0.1", "ROSTER_SERVICE_PORT", "8080",
                "ROSTER_PORT_8080_TCP", "tcp://10.0.0.1:8080", "ROSTER_PORT_8080_TCP_ADDR", "10.0.0.1",
                "ROSTER_GRACE", "1"));

        assertThat(config.notes()).hasSize(1);
        assertThat(config.notes().get(0)).startsWith("ignoring 4 Kubernetes service-link variable(s)");
        assertThat(config.warnings()).containsExactly(
                "unknown variable ROSTER_GRACE is ignored; did you mean ROSTER_GRACE_MS?");
    }

    @Test
    void the_distance_counts_inserts_deletes_replacements_and_swaps() {
        assertThat(UnknownVariables.distance("ROSTER_PORT", "ROSTER_PORT")).isZero();
        assertThat(UnknownVariables.distance("ROSTER_PROT", "ROSTER_PORT")).isEqualTo(1);
        assertThat(UnknownVariables.distance("ROSTER_POT", "ROSTER_PORT")).isEqualTo(1);
        assertThat(UnknownVariables.distance("ROSTER_PORTS", "ROSTER_PORT")).isEqualTo(1);
        assertThat(UnknownVariables.distance("ROSTER_FORT", "ROSTER_PORT")).isEqualTo(1);
        assertThat(UnknownVariables.distance("ROSTER_FOO", "ROSTER_PORT")).isEqualTo(3);
    }
}
