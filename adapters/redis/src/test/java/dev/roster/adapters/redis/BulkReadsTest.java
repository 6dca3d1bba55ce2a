package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BulkReadsTest {
    private final BulkReads reads = new BulkReads(2);

    @Test
    void no_more_than_the_limit_run_at_once_and_the_rest_start_in_order_as_others_end() {
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "read-" + i;
            results.add(reads.run(() -> {
                started.add(name);
                CompletableFuture<String> read = new CompletableFuture<>();
                inFlight.add(read);
                return read;
            }));
        }
        assertThat(started).containsExactly("read-0", "read-1");
        assertThat(reads.waiting()).isEqualTo(2);

        inFlight.get(1).complete("b");
        assertThat(started).containsExactly("read-0", "read-1", "read-2");
        assertThat(results.get(1)).isCompletedWithValue("b");

        inFlight.get(0).completeExceptionally(new IllegalStateException("gone"));
        assertThat(started).containsExactly("read-0", "read-1", "read-2", "read-3");
        assertThat(results.get(0)).isCompletedExceptionally();

        inFlight.get(2).complete("c");
        inFlight.get(3).complete("d");
        assertThat(results.get(3)).isCompletedWithValue("d");
        assertThat(reads.waiting()).isZero();
        // all slots are free again: the next read starts at once
        assertThat(reads.run(() -> CompletableFuture.completedFuture("e"))).isCompletedWithValue("e");
    }

    @Test
    void a_read_that_throws_fails_its_own_result_and_frees_its_slot() {
        CompletableFuture<String> failed = reads.run(() -> {
            throw new IllegalStateException("no connection");
        });
        assertThat(failed).isCompletedExceptionally();
        assertThat(reads.run(() -> CompletableFuture.completedFuture("x"))).isCompletedWithValue("x");
        assertThat(reads.run(() -> CompletableFuture.completedFuture("y"))).isCompletedWithValue("y");
    }
}
