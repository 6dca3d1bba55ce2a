package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;

import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceDirectory.OnlinePage;
import dev.roster.application.port.out.PresenceDirectory.RoomPage;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/** A presence store under test and the few words the store suite speaks to it in. */
final class StoreFixture {
    static final NodeId NODE = NodeId.of("node-a");
    static final NodeId OTHER_NODE = NodeId.of("node-b");
    static final String BOOT = "boot-1";
    static final GracePeriod GRACE = GracePeriod.ofMillis(3000);

    private final SessionRegistry registry;
    private final PresenceDirectory directory;

    StoreFixture(SessionRegistry registry, PresenceDirectory directory) {
        this.registry = registry;
        this.directory = directory;
    }

    static UserId user(String id) {
        return UserId.of(id);
    }

    static RoomId room(String id) {
        return RoomId.of(id);
    }

    static Session session(String id, String user, Instant at) {
        return session(id, user, NODE, BOOT, at);
    }

    static Session session(String id, String user, NodeId node, String boot, Instant at) {
        return new Session(SessionId.of(id), UserId.of(user), node, boot, "web", at);
    }

    Outcome apply(String user, Transition transition) {
        return await(registry.apply(UserId.of(user), transition));
    }

    Presence find(String user) {
        return await(directory.find(UserId.of(user)));
    }

    Session open(String user, String sessionId, Instant at) {
        return open(session(sessionId, user, at), at);
    }

    Session open(Session session, Instant at) {
        apply(session.user().value(), p -> p.open(session, at));
        return session;
    }

    Outcome close(Session session, Instant at) {
        return apply(session.user().value(), p -> p.close(session.id(), at, GRACE));
    }

    Outcome join(Session session, String room, Instant at) {
        return apply(session.user().value(), p -> p.join(session.id(), RoomId.of(room), at));
    }

    Outcome leave(Session session, String room, Instant at) {
        return apply(session.user().value(), p -> p.leave(session.id(), RoomId.of(room), at));
    }

    Outcome setStatus(Session session, Status status, Instant at) {
        return apply(session.user().value(), p -> p.setStatus(session.id(), status, null, at));
    }

    Outcome expire(String user, Instant at) {
        return apply(user, p -> p.expire(at));
    }

    /** Opens and closes a session of the user, then ends its grace: offline, but seen. */
    void takeOffline(String user, String sessionId, Instant at) {
        Session session = open(user, sessionId, at);
        close(session, at);
        expire(user, GRACE.deadlineFrom(at));
    }

    OnlinePage page(int limit, UserId after) {
        return await(directory.online(limit, after));
    }

    OnlinePage search(String prefix, int limit, UserId after) {
        return await(directory.online(prefix, limit, after));
    }

    /** Every page from the first on, checking that each holds at most {@code limit} users. */
    List<UserId> allPages(int limit, int maxPages) {
        return allPages(null, limit, maxPages);
    }

    /**
     * Every page of a prefix search (all listed users when {@code prefix} is null), following {@code next} even
     * past a short or empty page, as the port allows a search to hand one back.
     */
    List<UserId> allPages(String prefix, int limit, int maxPages) {
        return allPagesAfter(prefix, null, limit, maxPages);
    }

    /** Like {@link #allPages(String, int, int)}, from the position {@code start} on (null: from the first). */
    List<UserId> allPagesAfter(String prefix, UserId start, int limit, int maxPages) {
        List<UserId> seen = new ArrayList<>();
        UserId cursor = start;
        for (int i = 0; i < maxPages; i++) {
            OnlinePage page = prefix == null ? page(limit, cursor) : await(directory.online(prefix, limit, cursor));
            if (page.users().size() > limit) {
                throw new AssertionError("a page of limit " + limit + " held " + page.users().size() + " users");
            }
            seen.addAll(page.users());
            if (page.next() == null) {
                return seen;
            }
            cursor = page.next();
        }
        throw new AssertionError("paging with limit " + limit + " did not end within " + maxPages + " pages");
    }

    long onlineCount() {
        return await(directory.onlineCount());
    }

    long roomSize(String room) {
        return await(directory.roomSize(RoomId.of(room)));
    }

    Set<UserId> roomMembers(String room) {
        return await(directory.roomMembers(RoomId.of(room)));
    }

    RoomPage roomPage(String room, int limit, UserId after) {
        return await(directory.roomMembers(RoomId.of(room), limit, after));
    }

    /**
     * Every page of the room's index from the first on, checking that each holds at most {@code limit} users and
     * that each page but the last ends with its {@code next}; {@code between} runs after each page but the last,
     * with the number of the page just read (from 0).
     */
    List<UserId> allRoomPages(String room, int limit, int maxPages, IntConsumer between) {
        List<UserId> seen = new ArrayList<>();
        UserId position = null;
        for (int i = 0; i < maxPages; i++) {
            RoomPage page = roomPage(room, limit, position);
            if (page.users().size() > limit) {
                throw new AssertionError("a room page of limit " + limit + " held " + page.users().size() + " users");
            }
            seen.addAll(page.users());
            if (page.next() == null) {
                return seen;
            }
            if (!page.next().equals(page.users().get(page.users().size() - 1))) {
                throw new AssertionError("a room page's next " + page.next() + " is not its last user");
            }
            position = page.next();
            between.accept(i);
        }
        throw new AssertionError("room paging with limit " + limit + " did not end within " + maxPages + " pages");
    }

    Set<UserId> roomSample(String room, int limit) {
        return await(directory.roomSample(RoomId.of(room), limit));
    }

    List<UserId> due(Instant now, int limit) {
        return await(directory.dueForExpiry(now, limit));
    }

    /** The users of the boot read one part at a time, as reconciliation reads them, checked to be disjoint. */
    Set<UserId> usersOnByPart(NodeId node, String boot) {
        Set<UserId> all = new java.util.HashSet<>();
        for (int part = 0; part < directory.parts(); part++) {
            for (UserId user : await(directory.usersOn(new NodeBoot(node, boot), part))) {
                if (directory.partOf(user) != part || !all.add(user)) {
                    throw new AssertionError(user + " listed in part " + part + ", but it belongs to part "
                            + directory.partOf(user) + " (or was listed twice)");
                }
            }
        }
        return all;
    }

    /** The boots that hold a session in any part. */
    Set<dev.roster.domain.NodeBoot> boots() {
        Set<dev.roster.domain.NodeBoot> all = new java.util.HashSet<>();
        for (int part = 0; part < directory.parts(); part++) {
            all.addAll(await(directory.bootsIn(part)));
        }
        return all;
    }

    Set<UserId> usersOn(NodeId node, String boot) {
        return await(directory.usersOn(new NodeBoot(node, boot)));
    }
}
