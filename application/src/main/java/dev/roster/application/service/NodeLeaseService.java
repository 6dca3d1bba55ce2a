package dev.roster.application.service;

import dev.roster.application.port.in.NodeLeaseUseCase;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Activity;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * This node's lease, and the removal of dead nodes' sessions.
 *
 * <p>A lapsed lease is first taken away ({@link NodeLeases#release}, true for one node only, and only if the lease
 * was not renewed meanwhile) and its sessions closed after: a node that was only paused finds its lease gone at
 * its next renewal and puts its sessions back, instead of never learning that they were closed. A boot that holds
 * sessions but has no lease at all (the store lost the lease, or the node died between putting its sessions back
 * and writing its lease) is looked for one part per round and reaped once it has been seen without a lease for a
 * whole lease time.
 */
final class NodeLeaseService implements NodeLeaseUseCase {
    /** Later than any expiry this node's own lease can have when it resigns. */
    static final Duration RESIGN_HORIZON = Duration.ofDays(1);
    private final NodeLeases leases;
    private final SessionRegistry registry;
    private final PresenceDirectory directory;
    private final Clock clock;
    private final NodeBoot self;
    private final NodeBoot selfBoot;
    private final Duration leaseTime;
    private final Duration reapEvery;
    private final GracePeriod grace;
    private final LocalRoster roster;
    private final Announcer announcer;
    private final ActivityFeed feed;
    private final Telemetry telemetry;
    private final SweepTurns turns;
    private final Map<NodeBoot, Unleased> unleased = new ConcurrentHashMap<>();
    private final AtomicInteger nextPart = new AtomicInteger();
    private volatile Supplier<? extends CompletionStage<?>> onLost = () -> CompletableFuture.completedFuture(null);
    private volatile boolean renewedOnce;
    private volatile CompletionStage<?> lastRenewal = CompletableFuture.completedFuture(null);

    NodeLeaseService(NodeLeases leases, SessionRegistry registry, PresenceDirectory directory, Clock clock,
                     NodeBoot self, Duration leaseTime, Duration reapEvery, GracePeriod grace, LocalRoster roster,
                     Announcer announcer, ActivityFeed feed, Telemetry telemetry, SweepTurns turns) {
        this.turns = turns;
        this.leases = leases;
        this.registry = registry;
        this.directory = directory;
        this.clock = clock;
        this.self = self;
        this.selfBoot = new NodeBoot(self.node(), self.boot());
        this.leaseTime = leaseTime;
        this.reapEvery = reapEvery;
        this.grace = grace;
        this.roster = roster;
        this.announcer = announcer;
        this.feed = feed;
        this.telemetry = telemetry;
    }

    /** What to run when this node finds its lease gone while it is alive: put its sessions back. */
    void onLeaseLost(Supplier<? extends CompletionStage<?>> recovery) {
        this.onLost = recovery;
    }

    @Override
    public CompletionStage<Void> heartbeat() {
        return renew().thenCompose(existed -> {
            boolean lost = !existed && renewedOnce;
            renewedOnce = true;
            if (!lost) {
                return CompletableFuture.completedFuture(null);
            }
            telemetry.leaseLost();
            return onLost.get().thenApply(done -> (Void) null);
        });
    }

    /** Writes the lease without asking whether it was there: what a restore does before putting sessions back. */
    CompletionStage<Boolean> renew() {
        Instant now = clock.now();
        CompletionStage<Boolean> renewed = leases.renew(new NodeLease(selfBoot, roster.size(), now,
                now.plus(leaseTime)));
        lastRenewal = renewed;
        return renewed;
    }

    @Override
    public CompletionStage<Boolean> resign() {
        if (!roster.empty()) {
            return CompletableFuture.completedFuture(false);
        }
        // only this boot renews its lease, and it renews it no more once a renewal still on its way is done (it
        // would write the lease again): whatever expiry the store computed for the last renewal, by its own clock
        // that may run ahead of this node's, this one is later
        return lastRenewal.handle((renewed, failure) -> (Void) null).thenCompose(renewed -> {
            Instant now = clock.now();
            return leases.release(new NodeLease(selfBoot, 0, now, now.plus(RESIGN_HORIZON)));
        });
    }

    @Override
    public CompletionStage<Integer> reapLapsed() {
        Instant now = clock.now();
        CompletableFuture<Integer> lapsed = leases.view(now).thenCompose(view -> {
            // the live leases say which rounds of the grace sweep are this node's
            turns.saw(view, now);
            List<CompletableFuture<Integer>> reaped = view.lapsed().stream()
                    .filter(lease -> !lease.id().equals(selfBoot))
                    .map(lease -> reapLapsed(lease, now).toCompletableFuture())
                    .toList();
            return sum(reaped);
        }).toCompletableFuture();
        return lapsed.thenCombine(reapUnleased(now).toCompletableFuture(), Integer::sum);
    }

    private CompletionStage<Integer> reapLapsed(NodeLease lease, Instant now) {
        return leases.release(lease).thenCompose(released -> released
                ? closeAll(lease.id(), now) : CompletableFuture.completedFuture(0));
    }

    /** Looks at the boots of one more part; reaps those seen without a lease for a whole lease time. */
    private CompletionStage<Integer> reapUnleased(Instant now) {
        int parts = Math.max(1, directory.parts());
        int part = Math.floorMod(nextPart.getAndIncrement(), parts);
        return directory.bootsIn(part).thenCompose(boots -> {
            List<NodeBoot> others = boots.stream().filter(b -> !b.equals(selfBoot)).toList();
            if (others.isEmpty() && unleased.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            return leases.leased().thenCompose(leased -> {
                unleased.keySet().removeIf(leased::contains);
                for (NodeBoot boot : others) {
                    if (!leased.contains(boot)) {
                        unleased.compute(boot, (b, was) -> was == null ? new Unleased(now, now)
                                : new Unleased(was.since(), now));
                    }
                }
                // every boot known to lack a lease is checked each round, not only those of this round's part: a
                // boot with a user or two is seen once a pass, and its lease time must not wait for that
                List<CompletableFuture<Integer>> reaped = new ArrayList<>();
                for (Map.Entry<NodeBoot, Unleased> entry : List.copyOf(unleased.entrySet())) {
                    if (!now.isBefore(entry.getValue().since().plus(leaseTime))
                            && unleased.remove(entry.getKey(), entry.getValue())) {
                        reaped.add(closeAll(entry.getKey(), now).toCompletableFuture());
                    }
                }
                // a boot not seen again for long was reaped by another node, or its sessions closed normally; a
                // boot is seen once a pass over the parts, so it is kept for several passes, not only leases
                Duration keep = longest(leaseTime.multipliedBy(4), reapEvery.multipliedBy(2L * parts));
                unleased.values().removeIf(seen -> now.isAfter(seen.lastSeen().plus(keep)));
                return sum(reaped);
            });
        });
    }

    /**
     * Looks at the boots of every part at once and notes those without a lease, which the next rounds reap once a
     * lease time has passed: after the store lost data, when a node that died before it could write its lease
     * again may have left sessions behind, too few to be found soon one part at a time.
     */
    CompletionStage<Integer> lookForUnleasedEverywhere() {
        Instant now = clock.now();
        int parts = Math.max(1, directory.parts());
        List<CompletableFuture<Set<NodeBoot>>> all = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            all.add(directory.bootsIn(part).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenCompose(done -> leases.leased().thenApply(leased -> {
                    int noted = 0;
                    for (CompletableFuture<Set<NodeBoot>> boots : all) {
                        for (NodeBoot boot : boots.join()) {
                            if (!boot.equals(selfBoot) && !leased.contains(boot)
                                    && unleased.putIfAbsent(boot, new Unleased(now, now)) == null) {
                                noted++;
                            }
                        }
                    }
                    return noted;
                }));
    }

    /** Closes every session of the boot, announces what that changes, and says so; completes with the count. */
    private CompletionStage<Integer> closeAll(NodeBoot boot, Instant now) {
        return directory.usersOn(boot).thenCompose(users -> {
            List<CompletableFuture<Integer>> closed = users.stream().map(user -> close(user, boot, now)).toList();
            return sum(closed).thenApply(sessions -> {
                int released = (int) closed.stream().filter(c -> c.join() > 0).count();
                if (sessions > 0) {
                    telemetry.nodeRemoved(boot, released, sessions);
                    feed.publish(new Activity.NodeRemoved(boot.node(), released, sessions, now));
                }
                return sessions;
            });
        });
    }

    private CompletableFuture<Integer> close(UserId user, NodeBoot boot, Instant now) {
        return registry.apply(user, p -> p.close(boot::holds, now, grace))
                .thenCompose(outcome -> announcer.announce(outcome).thenApply(done -> closedCount(outcome)))
                .toCompletableFuture();
    }

    /** A boot seen holding sessions with no lease: first at {@code since}, last at {@code lastSeen}. */
    private record Unleased(Instant since, Instant lastSeen) {
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static CompletableFuture<Integer> sum(List<CompletableFuture<Integer>> all) {
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().mapToInt(CompletableFuture::join).sum());
    }

    private static int closedCount(Outcome outcome) {
        return (int) outcome.events().stream().filter(PresenceEvent.SessionClosed.class::isInstance).count();
    }
}
