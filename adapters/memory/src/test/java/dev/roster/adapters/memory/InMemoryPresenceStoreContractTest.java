package dev.roster.adapters.memory;

import dev.roster.adapters.runtime.SystemClock;
import dev.roster.application.port.out.contract.PresenceStoreContract;

class InMemoryPresenceStoreContractTest extends PresenceStoreContract {
    @Override
    protected Store newStore() {
        InMemoryPresenceStore store = new InMemoryPresenceStore(new SystemClock());
        return new Store(store, store);
    }
}
