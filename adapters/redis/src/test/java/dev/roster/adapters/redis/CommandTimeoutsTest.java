package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandTimeoutsTest {
    private final TimeoutOptions options = CommandTimeouts.options(Duration.ofMillis(1500));

    @Test
    void reads_of_whole_rooms_may_wait_longer_than_every_other_command() {
        assertThat(options.isTimeoutCommands()).isTrue();
        TimeoutOptions.TimeoutSource source = options.getSource();
        assertThat(source.getTimeout(command(CommandType.MGET))).isEqualTo(10_000);
        assertThat(source.getTimeout(command(CommandType.HGETALL))).isEqualTo(10_000);
        assertThat(source.getTimeout(command(CommandType.HSCAN))).isEqualTo(10_000);
        assertThat(source.getTimeout(command(CommandType.EVALSHA))).isEqualTo(1_500);
        assertThat(source.getTimeout(command(CommandType.PUBLISH))).isEqualTo(1_500);
        assertThat(source.getTimeout(command(CommandType.GET))).isEqualTo(1_500);
    }

    private static Command<String, String, String> command(CommandType type) {
        return new Command<>(type, new StatusOutput<>(StringCodec.UTF8));
    }
}
