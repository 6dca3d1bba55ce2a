package dev.roster.adapters.memory;

import dev.roster.adapters.runtime.SystemClock;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.application.port.out.contract.DeliveryLedgerContract;

class InMemoryDeliveryLedgerContractTest extends DeliveryLedgerContract {
    @Override
    protected DeliveryLedger newLedger() {
        return new InMemoryDeliveryLedger(new SystemClock());
    }
}
