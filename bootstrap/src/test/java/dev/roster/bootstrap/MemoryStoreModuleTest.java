package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.roster.adapters.memory.InMemoryPresenceStore;
import dev.roster.adapters.runtime.SystemClock;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded store logs into the one log the node reads, keeping as many events as it was told to. */
class MemoryStoreModuleTest {

    private static Injector injector(MemoryStoreModule module) {
        return Guice.createInjector(module, new AbstractModule() {
            @Override
            protected void configure() {
                bind(Telemetry.class).toInstance(Telemetry.NONE);
                bind(Clock.class).to(SystemClock.class);
            }
        });
    }

    @Test
    void the_event_log_is_the_one_the_store_appends_to_and_the_ledger_is_one() {
        Injector injector = injector(new MemoryStoreModule());

        InMemoryPresenceStore store = injector.getInstance(InMemoryPresenceStore.class);
        assertThat(injector.getInstance(SessionRegistry.class)).isSameAs(store);
        assertThat(injector.getInstance(EventLog.class)).isSameAs(store.eventLog());
        assertThat(injector.getInstance(DeliveryLedger.class)).isSameAs(injector.getInstance(DeliveryLedger.class));
    }

    @Test
    void the_log_keeps_as_many_events_as_configured() {
        EventLog log = injector(new MemoryStoreModule(3, Duration.ofHours(1))).getInstance(EventLog.class);
        Session session = new Session(SessionId.of("s1"), UserId.of("ann"), NodeId.of("node-a"), "boot-1", "web",
                Instant.EPOCH);
        for (int i = 0; i < 5; i++) {
            log.append(LoggedEvent.disconnected(session, "admin", Instant.EPOCH.plusMillis(i)));
        }

        List<LoggedEvent> kept = log.read(null, 10).toCompletableFuture().join();
        assertThat(kept).extracting(e -> e.at().toEpochMilli()).containsExactly(2L, 3L, 4L);
    }

    @Test
    void a_log_keeping_nothing_is_refused() {
        assertThatThrownBy(() -> new MemoryStoreModule(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
