package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class AnswerThreadTest {
    /** Holds the tasks until the test runs them, so that what runs on the answer thread can be counted. */
    private final List<Runnable> tasks = new ArrayList<>();
    private final Executor queued = tasks::add;
    private final AnswerThread thread = new AnswerThread(queued);

    @Test
    void a_value_made_from_the_answer_is_made_and_completed_in_one_task_on_the_thread() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        CompletableFuture<Integer> answer = thread.handOff(reply, String::length);

        reply.complete("four");
        assertThat(answer).isNotDone();
        assertThat(tasks).hasSize(1);
        tasks.remove(0).run();

        assertThat(answer.get()).isEqualTo(4);
        assertThat(tasks).isEmpty();
    }

    @Test
    void a_failed_answer_fails_with_its_own_cause_and_the_value_is_not_made() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        List<String> made = new ArrayList<>();
        CompletableFuture<Integer> answer = thread.handOff(reply, value -> {
            made.add(value);
            return value.length();
        });

        IllegalStateException down = new IllegalStateException("down");
        reply.completeExceptionally(new CompletionException(down));
        tasks.remove(0).run();

        assertThat(made).isEmpty();
        assertThat(answer).isCompletedExceptionally();
        assertThat(failure(answer)).isSameAs(down);
    }

    @Test
    void what_the_value_throws_fails_the_answer() {
        IllegalArgumentException bad = new IllegalArgumentException("not a presence");
        CompletableFuture<Integer> answer = thread.handOff(CompletableFuture.completedFuture("x"), value -> {
            throw bad;
        });
        tasks.remove(0).run();

        assertThat(failure(answer)).isSameAs(bad);
    }

    @Test
    void nothing_completes_off_the_thread() throws ExecutionException, InterruptedException {
        CompletableFuture<Integer> answer = thread.handOff(CompletableFuture.completedFuture("ab"), String::length);

        assertThat(answer).isNotDone();
        tasks.remove(0).run();
        assertThat(answer.get()).isEqualTo(2);
    }

    private static Throwable failure(CompletableFuture<?> answer) {
        try {
            answer.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the answer did not fail");
    }
}
