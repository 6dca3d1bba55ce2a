package dev.roster.bootstrap;

import com.google.inject.AbstractModule;

/**
 * The whole node: the configuration, the store it chooses ({@link StoreModules#forConfig}), the node's clock and
 * scheduler, the application's use cases built from the ports they bind, and the web side that drives them.
 */
public final class RosterModule extends AbstractModule {
    private final Config config;
    private final StoreModule store;

    public RosterModule(Config config) {
        this(config, StoreModules.forConfig(config));
    }

    public RosterModule(Config config, StoreModule store) {
        this.config = config;
        this.store = store;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
        bind(StoreModule.class).toInstance(store);
        // the runtime first: its scheduler must stop before the store it works on is closed
        install(new NodeRuntimeModule());
        install(store);
        install(new HooksModule());
        install(new UseCaseModule());
        install(new WebModule());
    }
}
