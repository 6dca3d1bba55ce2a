package dev.roster.application.service;

import dev.roster.application.port.in.ReconcileUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares, one part per tick, the users the store lists for this node boot and the users this node holds
 * sessions of, reads their stored presences, and repairs each one that disagrees with what the node holds. A
 * repair runs as a transition on the stored presence (compare-and-set, like any other) and is computed from what
 * the node holds at that moment; a user a use case of this node is changing right now is left for the next pass,
 * since its commit and this node's roster are then briefly one step apart on purpose.
 */
final class ReconcileService implements ReconcileUseCase {
    private final SessionRegistry registry;
    private final PresenceDirectory directory;
    private final Clock clock;
    private final NodeBoot self;
    private final GracePeriod grace;
    private final LocalRoster roster;
    private final Announcer announcer;
    private final Telemetry telemetry;
    private final AtomicInteger next = new AtomicInteger();

    ReconcileService(SessionRegistry registry, PresenceDirectory directory, Clock clock, NodeBoot self,
                     GracePeriod grace, LocalRoster roster, Announcer announcer, Telemetry telemetry) {
        this.registry = registry;
        this.directory = directory;
        this.clock = clock;
        this.self = new NodeBoot(self.node(), self.boot());
        this.grace = grace;
        this.roster = roster;
        this.announcer = announcer;
        this.telemetry = telemetry;
    }

    @Override
    public int parts() {
        return Math.max(1, directory.parts());
    }

    @Override
    public CompletionStage<Integer> reconcileNext() {
        int part = Math.floorMod(next.getAndIncrement(), parts());
        return reconcile(part);
    }

    @Override
    public CompletionStage<Integer> reconcileAll() {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int part = 0; part < parts(); part++) {
            all.add(reconcile(part).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().mapToInt(CompletableFuture::join).sum());
    }

    private CompletionStage<Integer> reconcile(int part) {
        Set<UserId> held = new HashSet<>();
        for (UserId user : roster.users()) {
            if (directory.partOf(user) == part) {
                held.add(user);
            }
        }
        return directory.usersOn(self, part).thenCompose(listed -> {
            Set<UserId> users = new HashSet<>(held);
            users.addAll(listed);
            users.removeIf(roster::isChanging);
            if (users.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            return directory.findAll(users).thenCompose(this::repairAll);
        });
    }

    private CompletionStage<Integer> repairAll(List<Presence> stored) {
        List<CompletableFuture<Boolean>> repairs = new ArrayList<>();
        for (Presence presence : stored) {
            UserId user = presence.user();
            if (!roster.isChanging(user) && !presence.matches(self, roster.heldFor(user))) {
                repairs.add(repair(user).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(repairs.toArray(CompletableFuture[]::new)).thenApply(done -> {
            int repaired = (int) repairs.stream().filter(CompletableFuture::join).count();
            if (repaired > 0) {
                telemetry.reconciled(repaired);
            }
            return repaired;
        });
    }

    /**
     * Puts every user this node holds back as it holds them, without reading first: after the store lost its data
     * (or this node its lease) there is nothing to compare with.
     */
    CompletionStage<Integer> repairHeld() {
        List<CompletableFuture<Boolean>> repairs = new ArrayList<>();
        // every call is issued before any answer is awaited, so an asynchronous store pipelines them
        roster.users().forEach(user -> repairs.add(repair(user).toCompletableFuture()));
        return CompletableFuture.allOf(repairs.toArray(CompletableFuture[]::new))
                .thenApply(done -> (int) repairs.stream().filter(CompletableFuture::join).count());
    }

    /** Completes with whether the user's stored presence had to change. */
    CompletionStage<Boolean> repair(UserId user) {
        Instant now = clock.now();
        return registry.apply(user, p -> {
            if (roster.isChanging(user)) {
                return new Outcome.Unchanged(p);
            }
            List<SessionEntry> held = roster.heldFor(user);
            LocalRoster.Choice choice = roster.choiceOf(user);
            Status status = choice == null ? Status.ONLINE : choice.status();
            String text = choice == null ? null : choice.text();
            return p.reconcile(self, held, status, text, now, grace);
        }).thenCompose(outcome -> {
            announcer.retrack(outcome);
            return announcer.announce(outcome).thenApply(done -> outcome instanceof Outcome.Changed);
        });
    }
}
