package dev.roster.application.port.out.contract;

import dev.roster.application.fixtures.FixedRoomAuthorizer;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.util.Map;
import java.util.Set;

/** The fake the use case tests lean on keeps the contract the real hook keeps. */
class FixedRoomAuthorizerContractTest extends RoomAuthorizerContract {
    @Override
    protected RoomAuthorizer allowing(Map<UserId, Set<RoomId>> allowed) {
        return FixedRoomAuthorizer.allowing(allowed);
    }

    @Override
    protected RoomAuthorizer unreachable() {
        return FixedRoomAuthorizer.unreachable();
    }
}
