package dev.roster.bench;

import dev.roster.bench.scenario.ChurnCommand;
import dev.roster.bench.scenario.FanoutCommand;
import dev.roster.bench.scenario.HttpCommand;
import dev.roster.bench.scenario.IdleCommand;
import dev.roster.bench.scenario.OpLatencyCommand;
import dev.roster.bench.scenario.PresenceLatencyCommand;
import dev.roster.bench.scenario.RollingRestartCommand;
import dev.roster.bench.scenario.TruthCommand;
import dev.roster.bench.scenario.WebhookCommand;
import dev.roster.bench.server.FloorServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load generator's command line: one subcommand per scenario, plus {@code jmh}. */
@Command(name = "roster-bench", mixinStandardHelpOptions = true, version = "roster-bench 0.1.0",
        description = "Drives Roster nodes on this machine through their WebSocket and HTTP protocol (docs/PROTOCOL.md).",
        subcommands = {IdleCommand.class, ChurnCommand.class, PresenceLatencyCommand.class, OpLatencyCommand.class,
                FanoutCommand.class, TruthCommand.class, WebhookCommand.class, HttpCommand.class,
                RollingRestartCommand.class, FloorServerCommand.class, JmhCommand.class, CommandLine.HelpCommand.class})
public final class RosterBench {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: bad input is a message and exit code 2, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RosterBench());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof IllegalArgumentException) {
                command.getErr().println("error: " + error.getMessage());
                return 2;
            }
            throw error;
        });
        return cli;
    }
}
