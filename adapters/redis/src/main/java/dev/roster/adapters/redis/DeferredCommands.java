package dev.roster.adapters.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The commands of a connection that is not there yet. A store is built before Redis first answers, so that a node
 * can open its port and say that it is not ready; until {@link #bind} every command fails at once with a
 * {@code RedisConnectionException}, as Lettuce rejects commands while a connection is down, and from then on each
 * call goes to the real connection.
 */
final class DeferredCommands implements InvocationHandler {
    static final String NOT_YET = "not connected yet: this node is still waiting for Redis to answer";

    private final RedisClusterAsyncCommands<String, String> commands;
    private volatile RedisClusterAsyncCommands<String, String> target;

    @SuppressWarnings("unchecked")
    DeferredCommands() {
        this.commands = (RedisClusterAsyncCommands<String, String>) Proxy.newProxyInstance(
                RedisClusterAsyncCommands.class.getClassLoader(), new Class<?>[] {RedisClusterAsyncCommands.class},
                this);
    }

    /** What the store's parts are given: the real commands once bound, failures before. */
    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    void bind(RedisClusterAsyncCommands<String, String> connected) {
        this.target = connected;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "DeferredCommands[" + (target == null ? "waiting" : "bound") + "]";
            };
        }
        RedisClusterAsyncCommands<String, String> connected = target;
        if (connected == null) {
            RedisConnectionException notYet = new RedisConnectionException(NOT_YET);
            if (method.getReturnType().isAssignableFrom(Rejected.class)) {
                return new Rejected<>(notYet);
            }
            throw notYet;
        }
        try {
            return method.invoke(connected, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A command refused before it was sent, as a {@link RedisFuture} that has already failed. */
    private static final class Rejected<T> extends CompletableFuture<T> implements RedisFuture<T> {
        private final String error;

        Rejected(RedisConnectionException failure) {
            this.error = failure.getMessage();
            completeExceptionally(failure);
        }

        @Override
        public String getError() {
            return error;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
