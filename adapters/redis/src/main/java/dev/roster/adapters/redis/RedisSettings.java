package dev.roster.adapters.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis adapter behaves.
 *
 * @param buckets            how many buckets users are spread over (each with its own hash tag)
 * @param commandTimeout     a command not answered by then fails, so that a request never waits on a dead Redis
 * @param offlineRetention   how long an offline user's last-seen is kept
 * @param tombstoneRetention how long a room keeps the record that a user left (late writes are ignored against it)
 * @param cacheSize          how many presences each node remembers as the first guess of a compare-and-set
 * @param resetCheckEvery    how often the epoch markers are checked for a Redis that lost its data
 * @param connectWithin      how long {@link RedisStore#open} waits for Redis to answer before it gives up; a store
 *                           connected with {@link RedisStore#connect()}, as a node's is, waits as long as it takes
 * @param eventsKeep         about how many events the event log keeps (approximate trimming keeps somewhat more)
 * @param eventsMaxAge       events older than this are trimmed from the log now and then, however few there are;
 *                           zero for no bound by age (as {@code ROSTER_EVENTS_MAX_AGE_S=0} means)
 */
public record RedisSettings(int buckets, Duration commandTimeout, Duration offlineRetention,
                            Duration tombstoneRetention, int cacheSize, Duration resetCheckEvery,
                            Duration connectWithin, int eventsKeep, Duration eventsMaxAge) {
    public RedisSettings {
        Objects.requireNonNull(eventsMaxAge, "eventsMaxAge");
        if (eventsKeep < 1) {
            throw new IllegalArgumentException("eventsKeep must be at least 1, got " + eventsKeep);
        }
        if (eventsMaxAge.isNegative()) {
            throw new IllegalArgumentException("eventsMaxAge must not be negative, got " + eventsMaxAge);
        }
        Objects.requireNonNull(connectWithin, "connectWithin");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(offlineRetention, "offlineRetention");
        Objects.requireNonNull(tombstoneRetention, "tombstoneRetention");
        Objects.requireNonNull(resetCheckEvery, "resetCheckEvery");
        if (buckets < 1 || buckets > 16_384) {
            throw new IllegalArgumentException("buckets must be 1 to 16384, got " + buckets);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative");
        }
    }

    public static RedisSettings defaults() {
        return new RedisSettings(64, Duration.ofMillis(1500), Duration.ofDays(30), Duration.ofMinutes(1), 10_000,
                Duration.ofMillis(250), Duration.ofSeconds(30), 100_000, Duration.ofHours(24));
    }

    /** The same settings, {@link RedisStore#open} waiting at most {@code within} for Redis. */
    public RedisSettings connectingWithin(Duration within) {
        return new RedisSettings(buckets, commandTimeout, offlineRetention, tombstoneRetention, cacheSize,
                resetCheckEvery, within, eventsKeep, eventsMaxAge);
    }

    /** The same settings, the event log keeping about {@code keep} events, none older than {@code maxAge}. */
    public RedisSettings keepingEvents(int keep, Duration maxAge) {
        return new RedisSettings(buckets, commandTimeout, offlineRetention, tombstoneRetention, cacheSize,
                resetCheckEvery, connectWithin, keep, maxAge);
    }
}
