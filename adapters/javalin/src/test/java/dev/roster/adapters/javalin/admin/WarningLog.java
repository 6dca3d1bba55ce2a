package dev.roster.adapters.javalin.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Counts every WARN and ERROR line any logger writes while attached to the root logger. It keeps the first few
 * lines to show in a failure and counts the rest without keeping them, so a runaway log cannot fill the heap.
 */
final class WarningLog extends ListAppender<ILoggingEvent> implements AutoCloseable {
    private static final int KEPT = 20;
    private final AtomicLong count = new AtomicLong();

    static WarningLog attach() {
        WarningLog log = new WarningLog();
        log.setName("warning-log");
        log.start();
        root().addAppender(log);
        return log;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN) && count.incrementAndGet() <= KEPT) {
            super.append(event);
        }
    }

    long count() {
        return count.get();
    }

    /** The first lines counted, for an assertion's message. */
    String firstLines() {
        return List.copyOf(list).stream()
                .map(e -> e.getLevel() + " [" + e.getThreadName() + "] " + e.getLoggerName() + " - "
                        + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": "
                        + e.getThrowableProxy().getMessage() + ")"))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
