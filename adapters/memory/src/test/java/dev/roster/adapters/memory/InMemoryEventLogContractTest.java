package dev.roster.adapters.memory;

import dev.roster.adapters.runtime.SystemClock;
import dev.roster.application.port.out.contract.EventLogContract;
import java.time.Duration;

class InMemoryEventLogContractTest extends EventLogContract {
    @Override
    protected Subject newSubject(int keep) {
        SystemClock clock = new SystemClock();
        InMemoryPresenceStore store = new InMemoryPresenceStore(clock,
                new InMemoryEventLog(keep, Duration.ofHours(1), clock));
        return new Subject(store, store.eventLog());
    }
}
