package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.roster.adapters.hooks.HookSettings;
import dev.roster.adapters.hooks.HttpRoomAuthorizer;
import dev.roster.application.port.out.RoomAuthorizer;
import io.micrometer.core.instrument.MeterRegistry;

/** The calls out to the application's own back end: the room authorization hook when one is configured. */
final class HooksModule extends AbstractModule {

    @Provides
    @Singleton
    RoomAuthorizer roomAuthorizer(Config config, MeterRegistry meters) {
        RoomAuthzSettings authz = config.authz();
        if (authz.url() == null) {
            return RoomAuthorizer.NONE;
        }
        return new HttpRoomAuthorizer(new HookSettings(authz.url(), authz.token(), authz.timeout(),
                authz.cacheFor()), meters);
    }
}
