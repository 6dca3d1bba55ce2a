package dev.roster.application.service;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.Telemetry;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands what the buses bring to this node's sessions in the room. Presence notices of one user can cross on the
 * way from two nodes; a notice older than one already delivered for that room and user is dropped. A large room
 * hears its presence changes counted once a tick ({@link ClientEvent.Crowd}) instead of one frame per change, and
 * not its members' device counts; large by its members across every node, which joins and leaves carry
 * ({@link CrowdBatches}).
 */
final class LocalDelivery {
    private final LocalRoster roster;
    private final Telemetry telemetry;
    private final ClientGateway gateway;
    private final PresenceDirectory directory;
    private final CrowdBatches crowds;
    /** A room remembers its members' last delivered versions beyond this many only for a minute. */
    static final int PRUNE_ABOVE = 1024;
    /** One minute, in versions (a thousand per millisecond, see the domain's versions). */
    static final long REMEMBER_VERSIONS = 60_000L * 1000;

    private final Map<RoomId, Map<UserId, Long>> delivered = new ConcurrentHashMap<>();
    /**
     * What this node last told its sessions in each room of each member's state (members only: a member told
     * offline is forgotten): what an audit compares.
     */
    private final Map<RoomId, Map<UserId, Told>> told = new ConcurrentHashMap<>();
    private final RoomMembers members;
    /** Every this many flushes, what was remembered of rooms this node no longer has sessions in is dropped. */
    static final int FORGET_EVERY_FLUSHES = 50;
    private long flushes;

    /** A state told to a room's sessions; a new object each time, so that an audit can tell it was told again. */
    private static final class Told {
        private final PresenceState state;

        Told(PresenceState state) {
            this.state = state;
        }

        PresenceState state() {
            return state;
        }
    }

    LocalDelivery(LocalRoster roster, ClientGateway gateway, PresenceDirectory directory, int largeRoom,
                  Telemetry telemetry) {
        this.roster = roster;
        this.telemetry = telemetry;
        this.gateway = gateway;
        this.directory = directory;
        this.crowds = new CrowdBatches(largeRoom);
        this.members = new RoomMembers(directory, largeRoom);
    }

    void presence(RoomEvent.PresenceNotice notice) {
        Collection<SessionId> targets = roster.sessionsIn(notice.room());
        if (targets.isEmpty()) {
            delivered.remove(notice.room());
            told.remove(notice.room());
            crowds.forget(notice.room());
            return;
        }
        if (!fresh(notice)) {
            return;
        }
        if (notice.roomSize() != null) {
            crowds.sized(notice.room(), notice.roomSize());
        }
        Map<UserId, Told> view = told.computeIfAbsent(notice.room(), r -> new ConcurrentHashMap<>());
        if (notice.state() == PresenceState.OFFLINE) {
            // only members are remembered, so that a room many have passed through costs no more than its members
            view.remove(notice.user());
        } else {
            view.put(notice.user(), new Told(notice.state()));
        }
        if (crowds.large(notice.room(), targets.size())) {
            crowds.count(notice);
            return;
        }
        if (notice.origin() != null && targets.contains(notice.origin())) {
            targets = targets.stream().filter(s -> !s.equals(notice.origin())).toList();
        }
        if (!targets.isEmpty()) {
            gateway.deliver(targets, notice);
        }
    }

    /** Sends each large room's counted changes of the tick that ends {@code now}, with the room's size. */
    void flush(Instant now) {
        if (++flushes % FORGET_EVERY_FLUSHES == 0) {
            forgetRoomsLeft();
        }
        crowds.drain().forEach((room, tally) -> {
            Collection<SessionId> targets = roster.sessionsIn(room);
            if (targets.isEmpty()) {
                return;
            }
            directory.roomSize(room).whenComplete((size, failure) -> {
                if (failure != null) {
                    // counted again with the next flush
                    crowds.putBack(room, tally);
                    telemetry.housekeepingFailed("room size for a crowd count", failure);
                } else {
                    crowds.sized(room, size);
                    gateway.deliver(targets, new ClientEvent.Crowd(room, size, tally.changed(), tally.left(), now));
                }
            });
        });
    }

    /** The members a session was given when it joined a room: from then on it knows them in these states. */
    void listed(RoomId room, List<Member> members) {
        Map<UserId, Told> view = told.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
        for (Member member : members) {
            if (member.state() != PresenceState.OFFLINE) {
                // a notice that came meanwhile is newer than the listing: it stays
                view.putIfAbsent(member.user(), new Told(member.state()));
            }
        }
    }

    /**
     * Compares what this node told its sessions of every room they are in with the room as the store has it now,
     * and tells them whatever they missed: a member the store no longer lists but who was last told or listed is
     * told offline, and every member the store lists is told its state. Run after the
     * store lost data, when announcements can have been lost with it (a node that died before it could put its
     * users back leaves them in nobody's store and nobody's announcement). Large rooms, which hear counts, are
     * left out. Completes with how many corrections were sent.
     */
    CompletionStage<Integer> auditAll(Instant now) {
        List<CompletableFuture<Integer>> audits = new ArrayList<>();
        for (RoomId room : roster.rooms()) {
            audits.add(audit(room, now).toCompletableFuture());
        }
        return CompletableFuture.allOf(audits.toArray(CompletableFuture[]::new))
                .thenApply(done -> audits.stream().mapToInt(CompletableFuture::join).sum());
    }

    private CompletionStage<Integer> audit(RoomId room, Instant now) {
        Collection<SessionId> targets = roster.sessionsIn(room);
        if (targets.isEmpty() || crowds.large(room, targets.size())) {
            return CompletableFuture.completedFuture(0);
        }
        Map<UserId, Told> view = told.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
        Map<UserId, Told> before = Map.copyOf(view);
        return members.of(room).thenApply(listed -> {
            Map<UserId, Member> stored = new HashMap<>();
            listed.forEach(m -> stored.put(m.user(), m));
            int corrected = 0;
            for (Map.Entry<UserId, Told> entry : before.entrySet()) {
                if (!stored.containsKey(entry.getKey())
                        && tell(room, view, entry.getKey(), entry.getValue(), PresenceState.OFFLINE, null, 0, now)) {
                    corrected++;
                }
            }
            // every member the store lists is told again, even in the state this node last told: a state told to
            // the room is known to all its sessions, but one a joiner was listed is known to that joiner alone
            for (Member member : listed) {
                Told was = before.get(member.user());
                if (tell(room, view, member.user(), was, member.state(), member.text(), member.sessions(), now)) {
                    corrected++;
                }
            }
            return corrected;
        });
    }

    /** Tells the room's sessions the state, unless something newer was told since the audit began. */
    private boolean tell(RoomId room, Map<UserId, Told> view, UserId user, Told was, PresenceState state,
                         String text, int sessions, Instant now) {
        boolean unchanged;
        Told telling = state == PresenceState.OFFLINE ? null : new Told(state);
        if (telling == null) {
            unchanged = was != null && view.remove(user, was);
        } else {
            unchanged = was == null ? view.putIfAbsent(user, telling) == null : view.replace(user, was, telling);
        }
        if (!unchanged) {
            return false;
        }
        Collection<SessionId> targets = roster.sessionsIn(room);
        // a notice that came between the update and now is newer than this correction: it wins
        if (!targets.isEmpty() && view.get(user) == telling) {
            long version = delivered.getOrDefault(room, Map.of()).getOrDefault(user, 0L);
            gateway.deliver(targets, new RoomEvent.PresenceNotice(room, user, state, text,
                    state == PresenceState.OFFLINE ? null : sessions, false, now, version, null));
        }
        return true;
    }

    /** Rooms this node left hear no more notices, so nothing else would ever drop what was kept for them. */
    private void forgetRoomsLeft() {
        delivered.keySet().removeIf(room -> roster.sessionsIn(room).isEmpty());
        told.keySet().removeIf(room -> roster.sessionsIn(room).isEmpty());
        crowds.forgetAll(room -> roster.sessionsIn(room).isEmpty());
    }

    void message(RoomEvent.ChatMessage message) {
        Collection<SessionId> targets = roster.sessionsIn(message.room());
        if (!targets.isEmpty()) {
            gateway.deliver(targets, message);
        }
    }

    /** Versions grow with time, so the last one delivered per room and user is all it takes to spot a late one. */
    private boolean fresh(RoomEvent.PresenceNotice notice) {
        Map<UserId, Long> seen = delivered.computeIfAbsent(notice.room(), r -> new ConcurrentHashMap<>());
        boolean[] fresh = {false};
        seen.compute(notice.user(), (u, last) -> {
            if (last != null && last >= notice.version()) {
                return last;
            }
            fresh[0] = true;
            return notice.version();
        });
        if (seen.size() > PRUNE_ABOVE) {
            // a notice can only cross another that is a few milliseconds old; long-settled entries can go
            long horizon = notice.version() - REMEMBER_VERSIONS;
            seen.values().removeIf(version -> version < horizon);
        }
        return fresh[0];
    }
}
