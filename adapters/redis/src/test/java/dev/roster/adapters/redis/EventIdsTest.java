package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event ids given out (generation and stream id, URL-safe) and the settings of the log. */
class EventIdsTest {

    @Test
    void anIdIsItsGenerationAndItsStreamIdAndReadsBack() {
        String id = EventIds.id("k3x9q2ab", "1733500000000-7");

        assertThat(id).isEqualTo("k3x9q2ab-1733500000000-7").matches("[A-Za-z0-9_-]+");
        assertThat(EventIds.parse(id)).isEqualTo(new EventIds.Parsed("k3x9q2ab", "1733500000000-7"));
    }

    @Test
    void generationsAreRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String generation = EventIds.newGeneration();
            assertThat(generation).matches("[a-z0-9]{8}");
            seen.add(generation);
        }
        assertThat(seen).hasSizeGreaterThan(95);
    }

    @Test
    void whatIsNotAnIdOfTheLogIsRefused() {
        for (String forged : List.of("", "nonsense", "k3x9q2ab-1733500000000", "K3X-1-0", "a-1-0-0", "a--1-0",
                "a-1-x", "a-99999999999999999999-0", "a".repeat(17) + "-1-0", "\u2615-1-0", "a-1-0 ")) {
            assertThatThrownBy(() -> EventIds.parse(forged)).as(forged).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theLogKeepsAtLeastOneEventAndAnAgeOfZeroMeansNoBoundByAge() {
        RedisSettings defaults = RedisSettings.defaults();
        assertThat(defaults.eventsKeep()).isEqualTo(100_000);
        assertThat(defaults.eventsMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.keepingEvents(10, Duration.ZERO).eventsMaxAge()).isZero();

        assertThatThrownBy(() -> defaults.keepingEvents(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.keepingEvents(10, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
