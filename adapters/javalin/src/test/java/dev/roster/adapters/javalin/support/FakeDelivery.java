package dev.roster.adapters.javalin.support;

import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.domain.DeadLetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The webhook's delivery as a test sets it: its status, and dead letters parked newest last. */
public final class FakeDelivery implements EventDeliveryUseCase {
    private volatile DeliveryStatus status = new DeliveryStatus(null, null, null, 0, null, null);
    private volatile boolean enabled;
    private final List<DeadLetter> letters = new ArrayList<>();

    public void set(boolean enabled, DeliveryStatus status) {
        this.enabled = enabled;
        this.status = status;
    }

    public synchronized void park(DeadLetter letter) {
        letters.add(letter);
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public CompletionStage<DeliveryStatus> status() {
        return CompletableFuture.completedFuture(status);
    }

    @Override
    public synchronized CompletionStage<List<DeadLetter>> deadLetters(int limit) {
        List<DeadLetter> newest = new ArrayList<>(letters.subList(Math.max(0, letters.size() - limit), letters.size()));
        Collections.reverse(newest);
        return CompletableFuture.completedFuture(newest);
    }
}
