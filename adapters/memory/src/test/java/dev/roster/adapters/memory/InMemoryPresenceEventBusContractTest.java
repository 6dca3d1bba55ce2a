package dev.roster.adapters.memory;

import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.contract.PresenceEventBusContract;

class InMemoryPresenceEventBusContractTest extends PresenceEventBusContract {
    @Override
    protected PresenceEventBus newBus() {
        return new InMemoryPresenceEventBus();
    }

    @Override
    protected void discard(RoomBus<PresenceNotice> bus) {
        ((InMemoryPresenceEventBus) bus).close();
    }
}
