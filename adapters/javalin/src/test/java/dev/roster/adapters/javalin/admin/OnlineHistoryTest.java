package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnlineHistoryTest {

    @Test
    void keepsTheSamplesOfTheWindowInOrder() {
        OnlineHistory history = new OnlineHistory(60_000);
        history.record(1_000, 3);
        history.record(11_000, 5);
        history.record(21_000, 4);
        assertThat(history.points()).containsExactly(new OnlineHistory.Point(1_000, 3),
                new OnlineHistory.Point(11_000, 5), new OnlineHistory.Point(21_000, 4));
    }

    @Test
    void dropsSamplesOlderThanTheWindowButKeepsTheEdge() {
        OnlineHistory history = new OnlineHistory(60_000);
        history.record(0, 1);
        history.record(10_000, 2);
        history.record(70_000, 3);
        // 0 is 70 s old, 10 000 exactly 60 s: the window includes its edge
        assertThat(history.points()).extracting(OnlineHistory.Point::at).containsExactly(10_000L, 70_000L);
        history.record(200_000, 4);
        assertThat(history.points()).containsExactly(new OnlineHistory.Point(200_000, 4));
    }

    @Test
    void theListHandedOutIsACopy() {
        OnlineHistory history = new OnlineHistory(60_000);
        history.record(0, 1);
        var before = history.points();
        history.record(1_000, 2);
        assertThat(before).hasSize(1);
        assertThat(history.points()).hasSize(2);
    }
}
