package dev.roster.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Roster server process on this machine, watched through {@code /proc} and {@code jcmd}: resident memory, CPU
 * time, and heap in use after a full collection.
 */
public final class ServerProcess {
    /** Linux reports CPU times in clock ticks; 100 a second on every kernel this runs on (getconf CLK_TCK). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Pattern HEAP_USED = Pattern.compile("\\bused (\\d+)K");

    private final long pid;
    private final Path proc;

    public ServerProcess(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("--server-pid must be a process id, got " + pid);
        }
        this.pid = pid;
        this.proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new IllegalArgumentException("no process " + pid + " on this machine");
        }
    }

    public long pid() {
        return pid;
    }

    /** Resident set size in KiB ({@code VmRSS} of /proc/pid/status). */
    public long rssKib() throws IOException {
        return parseRssKib(ProcFiles.read(proc.resolve("status")).lines().toList());
    }

    /** User plus system CPU time the process used so far, in nanoseconds (/proc/pid/stat). */
    public long cpuNanos() throws IOException {
        return parseCpuTicks(ProcFiles.read(proc.resolve("stat"))) * NANOS_PER_TICK;
    }

    /** Runs a full GC in the server with {@code jcmd}, then reads the heap in use, in KiB. */
    public long heapAfterGcKib() throws IOException, InterruptedException {
        jcmd("GC.run");
        return parseHeapUsedKib(jcmd("GC.heap_info"));
    }

    static long parseRssKib(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc status");
    }

    static long parseCpuTicks(String stat) {
        // the command name in parentheses may hold spaces, so fields are counted after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // utime and stime are fields 14 and 15 of stat(5), that is 11 and 12 after the name and the state
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long parseHeapUsedKib(String heapInfo) {
        Matcher used = HEAP_USED.matcher(heapInfo);
        if (!used.find()) {
            throw new IllegalStateException("no 'used NNNK' in GC.heap_info: " + heapInfo);
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("jcmd " + command + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("jcmd " + command + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } finally {
            process.destroy();
        }
    }
}
