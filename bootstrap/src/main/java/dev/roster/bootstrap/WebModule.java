package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.roster.adapters.javalin.DevAuthenticator;
import dev.roster.adapters.javalin.JavalinClientGateway;
import dev.roster.adapters.javalin.JwtAuthenticator;
import dev.roster.adapters.javalin.MicrometerTelemetry;
import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.WebSettings;
import dev.roster.adapters.javalin.admin.AdminConsole;
import dev.roster.adapters.javalin.admin.WebPages;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.WatchActivityUseCase;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;
import dev.roster.application.service.RosterApplication;
import dev.roster.domain.NodeBoot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;

/** The web side: Javalin's server and gateway, the authenticator {@code ROSTER_AUTH} chooses, and the metrics. */
public final class WebModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(MeterRegistry.class).to(PrometheusMeterRegistry.class);
        bind(ClientGateway.class).to(JavalinClientGateway.class);
        bind(InstantSource.class).toInstance(InstantSource.system());
        // the dashboard's timers and live feeds stop with the node
        Multibinder.newSetBinder(binder(), AutoCloseable.class, OnShutdown.class)
                .addBinding().to(AdminConsole.class);
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    JavalinClientGateway gateway(MeterRegistry registry) {
        return new JavalinClientGateway(registry);
    }

    @Provides
    @Singleton
    Telemetry telemetry(MeterRegistry registry) {
        return new MicrometerTelemetry(registry);
    }

    @Provides
    @Singleton
    Authenticator authenticator(Config config) {
        return switch (config.auth()) {
            case DEV -> new DevAuthenticator();
            case JWT -> new JwtAuthenticator(config.jwtSecret());
        };
    }

    @Provides
    @Singleton
    WebSettings webSettings(Config config) {
        return new WebSettings(config.port(), config.allowedOrigins(), config.adminToken(), config.idleTimeout(),
                config.pingInterval(), config.maxThreads());
    }

    @Provides
    @Singleton
    AdminConsole adminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect,
                              WatchActivityUseCase activity, NodeBoot boot, Config config,
                              JavalinClientGateway gateway, InstantSource time) {
        return new AdminConsole(query, disconnect, activity, boot, config.adminToken(), config.lease(),
                gateway.frames(), time);
    }

    // the use cases the dashboard takes, as the application hands them out

    @Provides
    QueryPresenceUseCase queryPresence(RosterApplication app) {
        return app.query();
    }

    @Provides
    AdminDisconnectUseCase adminDisconnect(RosterApplication app) {
        return app.adminDisconnect();
    }

    @Provides
    WatchActivityUseCase watchActivity(RosterApplication app) {
        return app.watchActivity();
    }

    @Provides
    NodeBoot nodeBoot(RosterApplication app) {
        return new NodeBoot(app.node().node(), app.node().boot());
    }

    @Provides
    @Singleton
    RosterServer server(RosterApplication app, JavalinClientGateway gateway, StoreHealth health,
                        PrometheusMeterRegistry registry, WebSettings settings, AdminConsole admin) {
        return new RosterServer(app, gateway, health, registry, settings, config -> {
            WebPages.register(config);
            admin.register(config);
        });
    }
}
