package dev.roster.adapters.javalin.support;

import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** A small presence store for the adapter's tests: one lock, no indexes, and a switch that makes it unreachable. */
public final class FakeStore implements SessionRegistry, PresenceDirectory, StoreHealth {
    private final Map<UserId, Presence> users = new TreeMap<>();
    private volatile boolean down;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    public void down(boolean isDown) {
        this.down = isDown;
    }

    @Override
    public boolean available() {
        return !down;
    }

    /** From now on transitions wait until {@link #release()}; reads still answer. */
    public void hold() {
        gate = new CompletableFuture<>();
    }

    public void release() {
        gate.complete(null);
    }

    @Override
    public CompletionStage<Outcome> apply(UserId user, Transition transition) {
        return gate.thenCompose(open -> applyNow(user, transition));
    }

    private synchronized CompletionStage<Outcome> applyNow(UserId user, Transition transition) {
        if (down) {
            return unavailable();
        }
        Outcome outcome = transition.apply(users.getOrDefault(user, Presence.unknown(user)));
        if (outcome instanceof Outcome.Changed changed) {
            users.put(user, changed.next());
        }
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public synchronized CompletionStage<Presence> find(UserId user) {
        if (down) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(users.getOrDefault(user, Presence.unknown(user)));
    }

    @Override
    public synchronized CompletionStage<List<Presence>> findAll(Collection<UserId> ids) {
        if (down) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(
                ids.stream().map(u -> users.getOrDefault(u, Presence.unknown(u))).toList());
    }

    /** Lists users in id order: a position is the last id of a page. */
    @Override
    public synchronized CompletionStage<OnlinePage> online(String prefix, int limit, UserId after) {
        if (down) {
            return unavailable();
        }
        List<UserId> listed = listed().stream()
                .filter(u -> after == null || u.compareTo(after) > 0)
                .filter(u -> prefix == null || u.value().startsWith(prefix))
                .toList();
        List<UserId> page = listed.subList(0, Math.min(limit, listed.size()));
        return CompletableFuture.completedFuture(
                new OnlinePage(page, page.size() < listed.size() ? page.get(page.size() - 1) : null));
    }

    @Override
    public synchronized CompletionStage<Long> onlineCount() {
        if (down) {
            return unavailable();
        }
        return CompletableFuture.completedFuture((long) listed().size());
    }

    @Override
    public synchronized CompletionStage<Set<UserId>> roomMembers(RoomId room) {
        if (down) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(users.values().stream().filter(p -> p.inRoom(room))
                .map(Presence::user).collect(Collectors.toSet()));
    }

    @Override
    public synchronized CompletionStage<List<UserId>> dueForExpiry(Instant now, int limit) {
        return CompletableFuture.completedFuture(users.values().stream()
                .filter(p -> p.nextDeadline().map(d -> !d.isAfter(now)).orElse(false))
                .map(Presence::user).limit(limit).toList());
    }

    @Override
    public synchronized CompletionStage<Set<UserId>> usersOn(NodeBoot boot) {
        return CompletableFuture.completedFuture(users.values().stream()
                .filter(p -> p.sessions().values().stream().anyMatch(e -> boot.holds(e.session())))
                .map(Presence::user).collect(Collectors.toSet()));
    }

    private List<UserId> listed() {
        return users.values().stream().filter(Presence::listed).map(Presence::user).toList();
    }

    private static <T> CompletionStage<T> unavailable() {
        return CompletableFuture.failedFuture(new StoreUnavailableException("the test store is down"));
    }
}
