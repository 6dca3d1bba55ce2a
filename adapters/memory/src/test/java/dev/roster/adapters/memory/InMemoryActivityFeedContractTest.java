package dev.roster.adapters.memory;

import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.contract.ActivityFeedContract;

class InMemoryActivityFeedContractTest extends ActivityFeedContract {
    @Override
    protected ActivityFeed newFeed() {
        return new InMemoryActivityFeed();
    }

    @Override
    protected void discard(ActivityFeed feed) {
        ((InMemoryActivityFeed) feed).close();
    }
}
