package dev.roster.adapters.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.Base16;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One server-side script, called by its digest. A Redis that restarted has forgotten every script: the first call
 * after that answers NOSCRIPT and is sent again as EVAL, which also loads it for the calls that follow.
 */
final class LuaScript {
    private final String source;
    private final String digest;
    private final ScriptOutputType output;

    private LuaScript(String source, String digest, ScriptOutputType output) {
        this.source = source;
        this.digest = digest;
        this.output = output;
    }

    static LuaScript load(String name, ScriptOutputType output) {
        String resource = name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("script " + resource + " is missing from the class path");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // the digest is the script's SHA-1, as Lettuce computes it: naming a script needs no connection
            return new LuaScript(source, Base16.digest(source.getBytes(StandardCharsets.UTF_8)), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
    }

    /**
     * The same script without its first line when that is a shebang ({@code #!lua flags=...}): flags are read by
     * Redis 7 and later only, and are needed on a Cluster alone.
     */
    LuaScript withoutShebang() {
        if (!source.startsWith("#!")) {
            return this;
        }
        String rest = source.substring(source.indexOf('\n') + 1);
        return new LuaScript(rest, Base16.digest(rest.getBytes(StandardCharsets.UTF_8)), output);
    }

    /** Runs the script in the slot of {@code keys[0]}; Redis failures become {@code StoreUnavailableException}. */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
        return Failures.guard(() -> redis.<T>evalsha(digest, output, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> isNoScript(e)
                        ? redis.<T>eval(source, output, keys, args).toCompletableFuture()
                        : CompletableFuture.failedFuture(e)));
    }

    private static boolean isNoScript(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof RedisNoScriptException
                || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"));
    }
}
