package dev.roster.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command a Redis server executes, as {@code MONITOR} on a connection of its own reports it: the commands
 * clients send, each followed by the commands a script it ran executed inside Redis ({@code [0 lua]}). Scripts called
 * by digest are named after Roster's script of that digest.
 */
final class RedisMonitor implements AutoCloseable {
    /** Roster's server-side scripts, by file name (adapters/redis/src/main/resources/dev/roster/adapters/redis). */
    private static final List<String> SCRIPTS = List.of("commit", "room", "room-page", "relay", "lease-release",
            "ledger-release", "due-all", "ledger-move", "online-count", "prune", "epoch", "log-read",
            "outbox-read", "log-append", "lease-renew", "lease-read", "ledger-claim");

    /** One command as Redis executed it: who sent it ({@code lua} for a script's own), its name and arguments. */
    record Command(String client, List<String> args) {
        boolean fromScript() {
            return client.equals("lua");
        }

        /** The command's name in upper case, with the script's name for EVALSHA and EVAL. */
        String name() {
            String name = args.get(0).toUpperCase();
            if ((name.equals("EVALSHA") || name.equals("EVAL")) && args.size() > 1) {
                String digest = name.equals("EVAL") ? sha1(args.get(1)) : args.get(1);
                return name + " " + SCRIPT_NAMES.getOrDefault(digest, "unknown-" + digest.substring(0, 8));
            }
            return name;
        }

        boolean mentions(String text) {
            return args.stream().anyMatch(a -> a.contains(text));
        }
    }

    private static final Map<String, String> SCRIPT_NAMES = scriptNames();

    private final Socket socket;
    private final List<Command> seen = new ArrayList<>();
    private final Thread reader;

    private RedisMonitor(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "redis-monitor");
        this.reader.setDaemon(true);
    }

    static RedisMonitor start(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RedisMonitor monitor = new RedisMonitor(socket);
        monitor.reader.start();
        return monitor;
    }

    /** How many commands were seen so far: a position to take {@link #since} from. */
    synchronized int position() {
        return seen.size();
    }

    synchronized List<Command> since(int position) {
        return List.copyOf(seen.subList(position, seen.size()));
    }

    private void read() {
        try (InputStream in = socket.getInputStream();
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Command command = parse(line);
                if (command != null) {
                    synchronized (this) {
                        seen.add(command);
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** {@code +1700000000.123456 [0 127.0.0.1:50000] "EVALSHA" "ab12..." "5" "key"}, or null for +OK. */
    static Command parse(String line) {
        int open = line.indexOf(" [");
        int close = line.indexOf("] ", open);
        if (!line.startsWith("+") || open < 0 || close < 0) {
            return null;
        }
        String where = line.substring(open + 2, close);
        String client = where.substring(where.indexOf(' ') + 1);
        List<String> args = new ArrayList<>();
        StringBuilder arg = null;
        String rest = line.substring(close + 2);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (arg == null) {
                if (c == '"') {
                    arg = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < rest.length()) {
                char next = rest.charAt(++i);
                switch (next) {
                    case 'n' -> arg.append('\n');
                    case 'r' -> arg.append('\r');
                    case 't' -> arg.append('\t');
                    case 'x' -> {
                        arg.append((char) Integer.parseInt(rest.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> arg.append(next);
                }
            } else if (c == '"') {
                args.add(arg.toString());
                arg = null;
            } else {
                arg.append(c);
            }
        }
        return args.isEmpty() ? null : new Command(client, args);
    }

    private static Map<String, String> scriptNames() {
        Map<String, String> names = new HashMap<>();
        for (String script : SCRIPTS) {
            String resource = "/dev/roster/adapters/redis/" + script + ".lua";
            try (InputStream in = RedisMonitor.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("script " + resource + " is missing from the class path");
                }
                names.put(sha1(new String(in.readAllBytes(), StandardCharsets.UTF_8)), script);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
