package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

final class QueryPresenceService implements QueryPresenceUseCase {
    private final PresenceDirectory directory;
    private final NodeLeases leases;
    private final Clock clock;
    private final RoomMembers members;
    private final NodeIdentity self;
    private final LocalRoster roster;

    QueryPresenceService(PresenceDirectory directory, NodeLeases leases, Clock clock, RoomMembers members,
                         NodeIdentity self, LocalRoster roster) {
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

    @Override
    public CompletionStage<OnlinePage> online(int limit, String cursor) {
        int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
        return cursorChecked(() -> directory.online(bounded, cursor))
                .thenApply(page -> new OnlinePage(page.users(), page.next()));
    }

    @Override
    public CompletionStage<UserPage> search(String prefix, int limit, String cursor) {
        int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
        String start = prefix == null ? "" : prefix;
        return cursorChecked(() -> directory.online(start, bounded, cursor)).thenCompose(page ->
                directory.findAll(page.users()).thenApply(all ->
                        new UserPage(all.stream().map(this::view).toList(), page.next())));
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
    public CompletionStage<List<NodeView>> nodes() {
        // this node's own count is read now, not from its last heartbeat (others' are at most a second old)
        return leases.live(clock.now()).thenApply(live -> live.stream()
                .map(l -> new NodeView(l.node(), l.boot(), isSelf(l) ? roster.size() : l.sessions(),
                        l.heartbeatAt()))
                .sorted(Comparator.comparing(NodeView::node))
                .toList());
    }

    private boolean isSelf(NodeLeases.NodeLease lease) {
        return lease.node().equals(self.node()) && lease.boot().equals(self.boot());
    }

    /**
     * Reads a page, telling a cursor the directory refused as this use case's {@link BadCursorException}, the same
     * way (thrown, or as the failed stage) the directory told it.
     */
    private static <T> CompletionStage<T> cursorChecked(Supplier<CompletionStage<T>> read) {
        CompletionStage<T> page;
        try {
            page = read.get();
        } catch (PresenceDirectory.BadCursorException e) {
            throw new BadCursorException(e.getMessage());
        }
        return page.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause instanceof PresenceDirectory.BadCursorException bad
                    ? new BadCursorException(bad.getMessage()) : failure);
        });
    }
}
