package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootNamesTest {

    @Test
    void names_that_are_boots_are_read_and_the_others_passed_over() {
        NodeBoot boot = new NodeBoot(NodeId.of("node-a"), "boot-1");

        assertThat(BootNames.parse(List.of(boot.toString(), "no-boot"))).containsExactly(boot);
    }
}
