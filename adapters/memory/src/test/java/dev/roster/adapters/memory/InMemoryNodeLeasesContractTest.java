package dev.roster.adapters.memory;

import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.contract.NodeLeasesContract;

class InMemoryNodeLeasesContractTest extends NodeLeasesContract {
    @Override
    protected NodeLeases newLeases() {
        return new InMemoryNodeLeases();
    }
}
