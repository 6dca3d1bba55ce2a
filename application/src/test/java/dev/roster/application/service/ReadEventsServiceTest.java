package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.T0;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.fixtures.InMemoryEventLog;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadEventsServiceTest {
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final ReadEventsService events = new ReadEventsService(log);

    @Test
    void reads_pages_of_the_log_after_an_id_and_its_newest_events_oldest_first() {
        for (int i = 0; i < 5; i++) {
            log.appendOnline("user-" + i, T0);
        }

        assertThat(value(events.read(null, 2))).extracting(LoggedEvent::id).containsExactly("1", "2");
        assertThat(value(events.read("2", 1000))).extracting(LoggedEvent::id).containsExactly("3", "4", "5");
        assertThat(value(events.latest(2))).extracting(LoggedEvent::id).containsExactly("4", "5");
        assertThat(value(events.read("5", 1))).isEmpty();
    }

    @Test
    void a_limit_out_of_1_to_1000_is_refused_before_the_log_is_asked() {
        log.down(true);

        for (int limit : List.of(0, -1, 1001)) {
            assertThat(failure(events.read(null, limit))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 1000");
            assertThat(failure(events.latest(limit))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void a_position_the_log_no_longer_keeps_fails_as_gone_with_the_oldest_kept() {
        for (int i = 0; i < 5; i++) {
            log.appendOnline("user-" + i, T0);
        }
        log.keepOnly(2);

        assertThat(failure(events.read("1", 10))).isInstanceOfSatisfying(EventsGoneException.class,
                gone -> assertThat(gone.oldest()).isEqualTo("4"));
        assertThat(value(events.read("3", 10))).extracting(LoggedEvent::id).containsExactly("4", "5");
    }

    @Test
    void a_watcher_is_signalled_on_each_append_until_it_closes_its_handle() throws Exception {
        AtomicInteger signals = new AtomicInteger();
        AutoCloseable handle = events.whenAppended(signals::incrementAndGet);

        log.appendOnline("ann", T0);
        handle.close();
        log.appendOnline("bob", T0);

        assertThat(signals).hasValue(1);
    }
}
