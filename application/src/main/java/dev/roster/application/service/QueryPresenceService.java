package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

final class QueryPresenceService implements QueryPresenceUseCase {
    private final PresenceDirectory directory;
    private final NodeLeases leases;
    private final Clock clock;
    private final RoomMembers members;
    private final NodeBoot self;
    private final LocalRoster roster;

    QueryPresenceService(PresenceDirectory directory, NodeLeases leases, Clock clock, RoomMembers members,
                         NodeBoot self, LocalRoster roster) {
        this.directory = directory;
        this.leases = leases;
        this.clock = clock;
        this.members = members;
        this.self = self;
        this.roster = roster;
    }

    @Override
    public CompletionStage<UserView> user(UserId user) {
        return directory.find(user).thenApply(this::view);
    }

    private UserView view(Presence p) {
        var sessions = p.sessions().values().stream().map(SessionEntry::session)
                .sorted(Comparator.comparing(s -> s.connectedAt())).toList();
        var lastSeen = sessions.isEmpty() ? p.lastSeen().orElse(null) : clock.now();
        return new UserView(p.user(), p.state(), p.status().orElse(null), p.statusText().orElse(null),
                p.since().orElse(null), lastSeen, p.rooms(), sessions);
    }

    /** The cursor is made and checked here, around the directory's position: see {@link OnlineCursors}. */
    @Override
    public CompletionStage<OnlinePage> online(int limit, String cursor) {
        return page(limit, cursor, (bounded, after) -> directory.online(bounded, after)
                .thenApply(page -> new OnlinePage(page.users(), OnlineCursors.encode(page.next()))));
    }

    @Override
    public CompletionStage<UserPage> search(String prefix, int limit, String cursor) {
        return page(limit, cursor, (bounded, after) -> directory.online(prefix == null ? "" : prefix, bounded, after)
                .thenCompose(page -> directory.findAll(page.users()).thenApply(all ->
                        new UserPage(all.stream().map(this::view).toList(), OnlineCursors.encode(page.next())))));
    }

    /** Reads a page of at most {@link #MAX_PAGE} after the cursor's position; a bad cursor fails the stage. */
    private static <T> CompletionStage<T> page(int limit, String cursor,
                                               BiFunction<Integer, UserId, CompletionStage<T>> read) {
        int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
        UserId after;
        try {
            after = OnlineCursors.decode(cursor);
        } catch (BadCursorException e) {
            return CompletableFuture.failedFuture(e);
        }
        return read.apply(bounded, after);
    }

    @Override
    public CompletionStage<Long> onlineCount() {
        return directory.onlineCount();
    }

    @Override
    public CompletionStage<List<Member>> room(RoomId room) {
        return members.of(room);
    }

    @Override
    public CompletionStage<MemberPage> room(RoomId room, int limit, String cursor) {
        return members.page(room, Math.max(1, Math.min(limit, MAX_PAGE)), cursor);
    }

    @Override
    public CompletionStage<List<NodeView>> nodes() {
        // this node's own count is read now, not from its last heartbeat (others' are at most a second old)
        return leases.live(clock.now()).thenApply(live -> live.stream()
                .map(l -> new NodeView(l.id(), isSelf(l) ? roster.size() : l.sessions(),
                        l.heartbeatAt()))
                .sorted(Comparator.comparing(v -> v.id().node()))
                .toList());
    }

    private boolean isSelf(NodeLeases.NodeLease lease) {
        return lease.id().node().equals(self.node()) && lease.id().boot().equals(self.boot());
    }
}
