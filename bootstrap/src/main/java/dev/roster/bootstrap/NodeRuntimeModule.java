package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.roster.adapters.runtime.ExecutorScheduler;
import dev.roster.adapters.runtime.SystemClock;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;

/**
 * What every node runs on whichever store it uses: the system clock and the scheduler of its timers. The
 * scheduler is the first resource closed at shutdown, so no timer fires on a store that is already closed.
 */
public final class NodeRuntimeModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Clock.class).to(SystemClock.class).in(Singleton.class);
        bind(Scheduler.class).to(ExecutorScheduler.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, OnShutdown.class)
                .addBinding().to(ExecutorScheduler.class);
    }

    @Provides
    @Singleton
    ExecutorScheduler scheduler(Telemetry telemetry) {
        return new ExecutorScheduler(1, telemetry);
    }
}
