package dev.roster.bootstrap.redis;

import com.google.inject.Inject;
import dev.roster.adapters.redis.RedisStore;
import dev.roster.application.port.in.RestoreUseCase;

/**
 * When Redis comes back without this node's data (or this node's lease was found gone), the node puts back its
 * live sessions and rooms without announcing anything: for every watcher, nobody left.
 */
final class RestoreOnReset {
    @Inject
    RestoreOnReset(RedisStore store, RestoreUseCase restore) {
        store.onReset(restore::restoreAll);
    }
}
