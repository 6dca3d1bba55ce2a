package dev.roster.testsupport.junit;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something every test of a class shares, such as a running node: made before the first test and closed after the
 * last. Register it as a static extension and read it with {@link #get()}.
 *
 * @param <T> what is shared
 */
public final class PerClass<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<? extends T> start;
    private T value;

    private PerClass(Supplier<? extends T> start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /** Shares what {@code start} makes. */
    public static <T extends AutoCloseable> PerClass<T> of(Supplier<? extends T> start) {
        return new PerClass<>(start);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        value = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (value != null) {
            value.close();
            value = null;
        }
    }

    /** What the class shares; only while its tests run. */
    public T get() {
        if (value == null) {
            throw new IllegalStateException("read outside the tests of the class that registers it");
        }
        return value;
    }
}
