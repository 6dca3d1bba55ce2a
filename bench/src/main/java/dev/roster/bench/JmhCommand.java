package dev.roster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs the JMH suite packed in this jar; every argument goes to JMH as is ({@code jmh -h} lists them). */
@Command(name = "jmh", description = "Run the JMH benchmarks (domain transitions, frame codec); args go to JMH.")
public final class JmhCommand implements Callable<Integer> {

    // the command line sets unmatched options to be positional, so JMH's own options arrive here in order
    @Parameters(arity = "0..*", paramLabel = "JMH-ARGS", description = "JMH options and benchmark regexps.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws RunnerException, java.io.IOException {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("jmh: " + e.getMessage());
            return 2;
        }
        if (options.shouldHelp()) {
            options.showHelp();
            return 0;
        }
        if (options.shouldList()) {
            new Runner(options).list();
            return 0;
        }
        return new Runner(options).run().isEmpty() ? 1 : 0;
    }
}
