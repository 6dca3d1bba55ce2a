package dev.roster.application.service;

import dev.roster.application.port.in.NodeHealthUseCase;
import dev.roster.application.port.out.StoreHealth;

final class NodeHealthService implements NodeHealthUseCase {
    private final StoreHealth store;

    NodeHealthService(StoreHealth store) {
        this.store = store;
    }

    @Override
    public boolean storeAvailable() {
        return store.available();
    }
}
