package dev.roster.adapters.memory;

import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/** An in-memory store that can lose everything at once, as a restarted Redis does. */
final class SwitchableStore implements SessionRegistry, PresenceDirectory {
    private final Clock clock;
    private final AtomicReference<InMemoryPresenceStore> current;

    SwitchableStore(Clock clock) {
        this.clock = clock;
        this.current = new AtomicReference<>(new InMemoryPresenceStore(clock));
    }

    void loseEverything() {
        current.set(new InMemoryPresenceStore(clock));
    }

    @Override
    public CompletionStage<Outcome> apply(UserId user, Transition transition) {
        return current.get().apply(user, transition);
    }

    @Override
    public CompletionStage<Presence> find(UserId user) {
        return current.get().find(user);
    }

    @Override
    public CompletionStage<List<Presence>> findAll(Collection<UserId> users) {
        return current.get().findAll(users);
    }

    @Override
    public CompletionStage<OnlinePage> online(String prefix, int limit, UserId after) {
        return current.get().online(prefix, limit, after);
    }

    @Override
    public CompletionStage<Long> onlineCount() {
        return current.get().onlineCount();
    }

    @Override
    public CompletionStage<Set<UserId>> roomMembers(RoomId room) {
        return current.get().roomMembers(room);
    }

    @Override
    public CompletionStage<List<UserId>> dueForExpiry(Instant now, int limit) {
        return current.get().dueForExpiry(now, limit);
    }

    @Override
    public CompletionStage<Set<UserId>> usersOn(NodeBoot boot) {
        return current.get().usersOn(boot);
    }
}
