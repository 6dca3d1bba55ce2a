package dev.roster.application.port.out.contract;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store under test for the presence store suites: a fresh store per test, and the time the test starts at.
 * Adapters extend {@link PresenceStoreContract}, which holds every suite of the store.
 */
public abstract class PresenceStoreSuite {

    /** One store seen through both of its ports; one adapter object usually implements both. */
    public record Store(SessionRegistry registry, PresenceDirectory directory) {
        public Store {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** A store holding nothing, not shared with any other test. */
    protected abstract Store newStore() throws Exception;

    /** Releases what {@link #newStore()} took (connections, keys); nothing by default. */
    protected void discard(Store store) throws Exception {
    }

    Store store;
    StoreFixture given;
    Instant t0;

    @BeforeEach
    final void openStore() throws Exception {
        store = newStore();
        given = new StoreFixture(store.registry(), store.directory());
        t0 = Stages.now();
    }

    @AfterEach
    final void discardStore() throws Exception {
        discard(store);
    }

    Instant at(long millis) {
        return t0.plusMillis(millis);
    }
}
