package dev.roster.adapters.redis;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How long each command may wait for its reply: the store's command timeout, short so that a node notices soon
 * when Redis is gone; but longer for the reads of whole rooms ({@code MGET}, {@code HGETALL}, {@code HSCAN}), whose
 * replies run to hundreds of kilobytes. When ten thousand members join one room at once those reads queue on
 * their own connection, and under the short timeout joins were answered {@code unavailable} merely for waiting.
 */
final class CommandTimeouts extends TimeoutOptions.TimeoutSource {
    static final Duration BULK_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<ProtocolKeyword> BULK_READS = Set.of(CommandType.MGET, CommandType.HGETALL,
            CommandType.HSCAN);

    private final long commandMillis;
    private final long bulkMillis;
    private final long tailMillis;

    CommandTimeouts(Duration command) {
        this.commandMillis = command.toMillis();
        this.bulkMillis = Math.max(command.toMillis(), BULK_READ_TIMEOUT.toMillis());
        this.tailMillis = EventTailer.BLOCK.toMillis() + command.toMillis();
    }

    static TimeoutOptions options(Duration command) {
        return TimeoutOptions.builder().timeoutCommands().timeoutSource(new CommandTimeouts(command)).build();
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
        if (command.getType() == CommandType.XREAD) {
            // the event log's tailer waits in XREAD BLOCK, on a connection of its own, for up to its block time
            return tailMillis;
        }
        return BULK_READS.contains(command.getType()) ? bulkMillis : commandMillis;
    }

    @Override
    public TimeUnit getTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }
}
