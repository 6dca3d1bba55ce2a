package dev.roster.adapters.memory;

import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.InvalidIdException;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Offline;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every user's presence, held in this process: the shared truth of a single node. A transition runs inside
 * {@link ConcurrentHashMap#compute} on its user, and the indexes follow in the same step, so transitions of one
 * user are serialised and never re-run. Answers are completed futures; failures are failed ones.
 *
 * <p>Memory stays bounded by the users online plus those offline for less than the retention (a day unless told
 * otherwise): an offline user keeps its entry, and so its last-seen time, for that long, then is forgotten and
 * reads as never seen. Versions grow with time, so a user forgotten and seen again still gets higher ones.
 *
 * <p>The events of a committed transition are appended to the store's {@link InMemoryEventLog} inside the same
 * {@code compute}, so that they are logged once, only when the change is stored, and after the user's earlier ones.
 */
public final class InMemoryPresenceStore implements SessionRegistry, PresenceDirectory {
    private static final int PARTS = 64;

    public static final Duration DEFAULT_OFFLINE_RETENTION = Duration.ofDays(1);

    private final Map<UserId, Presence> users = new ConcurrentHashMap<>();
    private final PresenceIndexes indexes = new PresenceIndexes();
    private final OfflineRetention retention;
    private final Clock clock;
    private final InMemoryEventLog log;

    /** A store with the default retention, appending to a log of its own with the log's defaults. */
    public InMemoryPresenceStore(Clock clock) {
        this(clock, DEFAULT_OFFLINE_RETENTION);
    }

    /** @param offlineRetention how long an offline user's last-seen time is kept */
    public InMemoryPresenceStore(Clock clock, Duration offlineRetention) {
        this(clock, offlineRetention, new InMemoryEventLog(clock));
    }

    /** @param log where the events of committed transitions are appended */
    public InMemoryPresenceStore(Clock clock, InMemoryEventLog log) {
        this(clock, DEFAULT_OFFLINE_RETENTION, log);
    }

    /**
     * @param offlineRetention how long an offline user's last-seen time is kept
     * @param log              where the events of committed transitions are appended
     */
    public InMemoryPresenceStore(Clock clock, Duration offlineRetention, InMemoryEventLog log) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = new OfflineRetention(Objects.requireNonNull(offlineRetention, "offlineRetention"));
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The log this store appends the events of its committed transitions to. */
    public InMemoryEventLog eventLog() {
        return log;
    }

    @Override
    public CompletionStage<Outcome> apply(UserId user, Transition transition) {
        return answer(() -> {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(transition, "transition");
            Outcome[] outcome = new Outcome[1];
            users.compute(user, (id, stored) -> {
                Presence current = stored == null ? Presence.unknown(id) : stored;
                outcome[0] = Objects.requireNonNull(transition.apply(current), "the transition gave no outcome");
                if (!(outcome[0] instanceof Outcome.Changed changed)) {
                    return stored;
                }
                Presence next = changed.next();
                if (!next.user().equals(id)) {
                    throw new IllegalArgumentException("a transition of " + id + " produced " + next.user());
                }
                List<LoggedEvent> logged = changed.events().stream().map(LoggedEvent::of).toList();
                indexes.update(current, next);
                outcome[0] = changed.withRoomSizes(sizesOfRoomsChanged(current, next));
                if (next instanceof Offline) {
                    retention.wentOffline(id, next.version(), clock.now());
                }
                // still holding the user: its events follow its earlier ones, and only a committed change logs
                log.appendAll(logged);
                return next;
            });
            forgetIdle();
            return outcome[0];
        });
    }

    /** What the room index counts, right after the change, in each room whose membership it altered. */
    private Map<RoomId, Long> sizesOfRoomsChanged(Presence before, Presence after) {
        Map<RoomId, Long> sizes = new HashMap<>();
        Set<RoomId> rooms = new HashSet<>(before.rooms());
        rooms.addAll(after.rooms());
        for (RoomId room : rooms) {
            if (before.inRoom(room) != after.inRoom(room)) {
                sizes.put(room, indexes.roomSize(room));
            }
        }
        return sizes;
    }

    @Override
    public CompletionStage<Presence> find(UserId user) {
        return answer(() -> presenceOf(Objects.requireNonNull(user, "user")));
    }

    @Override
    public CompletionStage<List<Presence>> findAll(Collection<UserId> wanted) {
        return answer(() -> wanted.stream().map(u -> presenceOf(Objects.requireNonNull(u, "user"))).toList());
    }

    /**
     * Lists users in id order, so that a position is simply the last id of a page; seeks the prefix in the sorted
     * index: every page but the last is full.
     */
    @Override
    public CompletionStage<OnlinePage> online(String prefix, int limit, UserId after) {
        if (prefix == null || prefix.isEmpty()) {
            return answer(() -> {
                requirePositive(limit);
                return page(indexes.listedAfter(after, limit + 1), limit);
            });
        }
        return answer(() -> {
            requirePositive(limit);
            UserId start;
            try {
                start = UserId.of(prefix);
            } catch (InvalidIdException e) {
                // no user id can start with what is not itself the start of a valid id
                return new OnlinePage(List.of(), null);
            }
            return page(indexes.listedWithPrefix(start, after, limit + 1), limit);
        });
    }

    /** Shows {@code limit} of the users read (one more than a page, to know whether another page follows). */
    private OnlinePage page(List<UserId> read, int limit) {
        if (read.size() <= limit) {
            return new OnlinePage(read, null);
        }
        List<UserId> shown = read.subList(0, limit);
        return new OnlinePage(shown, shown.get(limit - 1));
    }

    @Override
    public CompletionStage<Long> onlineCount() {
        return CompletableFuture.completedFuture(indexes.listedCount());
    }

    @Override
    public CompletionStage<Set<UserId>> roomMembers(RoomId room) {
        return answer(() -> indexes.roomMembers(Objects.requireNonNull(room, "room")));
    }

    /** Seeks the position in the room's sorted members: every page but the last is full. */
    @Override
    public CompletionStage<RoomPage> roomMembers(RoomId room, int limit, UserId after) {
        return answer(() -> {
            Objects.requireNonNull(room, "room");
            requirePositive(limit);
            List<UserId> read = indexes.roomMembersAfter(room, after, limit + 1);
            if (read.size() <= limit) {
                return new RoomPage(read, null);
            }
            List<UserId> shown = read.subList(0, limit);
            return new RoomPage(shown, shown.get(limit - 1));
        });
    }

    @Override
    public CompletionStage<Set<UserId>> roomSample(RoomId room, int limit) {
        return answer(() -> indexes.roomSample(Objects.requireNonNull(room, "room"), limit));
    }

    @Override
    public CompletionStage<Long> roomSize(RoomId room) {
        return answer(() -> indexes.roomSize(Objects.requireNonNull(room, "room")));
    }

    @Override
    public CompletionStage<List<UserId>> dueForExpiry(Instant now, int limit) {
        return answer(() -> {
            Objects.requireNonNull(now, "now");
            requirePositive(limit);
            // the grace sweep calls this twice a second, which keeps forgetting idle users without any traffic
            forgetIdle();
            return indexes.dueBy(now, limit);
        });
    }

    @Override
    public CompletionStage<Set<UserId>> usersOn(NodeBoot boot) {
        return answer(() -> indexes.usersOn(Objects.requireNonNull(boot, "boot")));
    }

    /**
     * Reconciliation reads the users of a boot one part at a time; 64 parts, as on Redis, so that a pass over a
     * node with many sessions costs the same small step per tick on either store.
     */
    @Override
    public int parts() {
        return PARTS;
    }

    @Override
    public int partOf(UserId user) {
        return Math.floorMod(user.value().hashCode(), PARTS);
    }

    @Override
    public CompletionStage<Set<UserId>> usersOn(NodeBoot boot, int part) {
        return answer(() -> {
            Set<UserId> users = new java.util.HashSet<>();
            for (UserId user : indexes.usersOn(boot)) {
                if (partOf(user) == part) {
                    users.add(user);
                }
            }
            return users;
        });
    }

    @Override
    public CompletionStage<Set<NodeBoot>> bootsIn(int part) {
        return answer(indexes::boots);
    }

    private Presence presenceOf(UserId user) {
        Presence stored = users.get(user);
        return stored == null ? Presence.unknown(user) : stored;
    }

    private void forgetIdle() {
        // an offline user holds no index entry, so dropping it from the map is all there is to forget
        retention.evictIdle(clock.now(), (user, version) -> users.computeIfPresent(user,
                (id, p) -> p instanceof Offline && p.version() == version ? null : p));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    private static <T> CompletionStage<T> answer(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
