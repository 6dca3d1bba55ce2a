package dev.roster.adapters.memory;

import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.contract.RoomMessageBusContract;

class InMemoryRoomMessageBusContractTest extends RoomMessageBusContract {
    @Override
    protected RoomMessageBus newBus() {
        return new InMemoryRoomMessageBus();
    }

    @Override
    protected void discard(RoomBus<ChatMessage> bus) {
        ((InMemoryRoomMessageBus) bus).close();
    }
}
