package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roster.application.port.out.Activity;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.UserId;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A node may start before Redis does. {@code open} waits for it within a bound and then says why it gives up; a
 * store that is created and then connected serves its ports as unavailable meanwhile, says once that it waits, and
 * keeps trying until Redis answers or the store is closed.
 */
class RedisStoreStartTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterEach
    void redisRunsAgain() {
        REDIS.restart();
    }

    @Test
    void aStoreOpenedBeforeRedisAnswersWaitsForIt() {
        REDIS.stop();
        // set when the restart begins: the store may reach Redis before restart() itself has returned
        AtomicBoolean restarting = new AtomicBoolean();
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
            restarting.set(true);
            REDIS.restart();
        }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

        try (RedisStore store = RedisStore.open(REDIS.url(), null,
                RedisSettings.defaults().connectingWithin(Duration.ofSeconds(20)))) {
            assertThat(restarting).as("the store opened only once Redis was coming back").isTrue();
            assertThat(store.health().available()).isTrue();
        }
        late.join();
    }

    @Test
    void aRedisThatNeverAnswersFailsTheStartWithTheReason() {
        REDIS.stop();

        assertThatThrownBy(() -> RedisStore.open(REDIS.url(), null,
                RedisSettings.defaults().connectingWithin(Duration.ofMillis(800))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("did not answer within");
    }

    @Test
    void aStoreConnectedBeforeRedisAnswersIsUnavailableUntilItDoesAndThenWorks() {
        REDIS.stop();
        try (RedisStore store = RedisStore.create(REDIS.url(), null, RedisSettings.defaults())) {
            CompletableFuture<Void> connected = store.connect();

            assertThat(connected).isNotDone();
            assertThat(store.health().available()).isFalse();
            assertThatThrownBy(() -> store.leases().live(Instant.now()).toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.activityFeed().publish(activity("ann")).toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
            Queue<Activity> heard = new ConcurrentLinkedQueue<>();
            store.activityFeed().listen(heard::add);

            REDIS.restart();

            await().atMost(WAIT).until(connected::isDone);
            assertThat(connected).isCompletedWithValue(null);
            assertThat(store.health().available()).isTrue();
            assertThat(store.leases().live(Instant.now()).toCompletableFuture().join()).isEmpty();
            // the feed's channel was subscribed to once Redis answered: the store hears what it publishes
            store.activityFeed().publish(activity("bob")).toCompletableFuture().join();
            await().atMost(WAIT).until(() -> heard.stream().anyMatch(a -> a.user().equals(UserId.of("bob"))));
        }
    }

    @Test
    void aWaitingStoreSaysOnceWhatItWaitsForWithoutTheCredentialsAndStopsTryingWhenClosed() {
        REDIS.stop();
        String secret = "s3cret-Pa55";
        String url = REDIS.url().replace("redis://", "redis://:" + secret + "@");
        String hostAndPort = REDIS.url().substring("redis://".length());
        ListAppender<ILoggingEvent> log = capture();
        try {
            RedisStore store = RedisStore.create(url, null, RedisSettings.defaults());
            CompletableFuture<Void> connected = store.connect();

            // the store tries twice a second; for three seconds it has said only that it waits
            await().atMost(Duration.ofSeconds(5)).until(() -> lines(log, "waiting for").size() == 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> lines(log, "waiting for").size() == 1);
            String said = lines(log, "waiting for").get(0);
            assertThat(said).contains("redis://***@" + hostAndPort).doesNotContain(secret);
            assertThat(log.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(secret));

            store.close();

            assertThat(connected).isCompletedExceptionally();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                    thread -> thread.getName().equals("roster-redis-connect") && thread.isAlive());
        } finally {
            release(log);
        }
    }

    private static Activity activity(String user) {
        return new Activity("session_opened", UserId.of(user), null, null, null, null, null, "web", 1,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(RedisStore.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(RedisStore.class)).detachAppender(appender);
        appender.stop();
    }

    private static List<String> lines(ListAppender<ILoggingEvent> log, String containing) {
        synchronized (log.list) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(containing))
                    .toList();
        }
    }
}
