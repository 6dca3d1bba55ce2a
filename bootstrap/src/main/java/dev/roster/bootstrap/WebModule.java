package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.gateway.JavalinClientGateway;
import dev.roster.adapters.javalin.auth.JwtAuthenticator;
import dev.roster.adapters.javalin.telemetry.MicrometerTelemetry;
import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.WebSettings;
import dev.roster.adapters.javalin.WebUseCases;
import dev.roster.adapters.javalin.admin.AdminConsole;
import dev.roster.adapters.javalin.admin.WebPages;
import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.http.FrontDoor;
import dev.roster.adapters.javalin.http.StreamLimits;
import dev.roster.adapters.javalin.limits.WebLimits;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.WatchActivityUseCase;
import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.in.ConnectUseCase;
import dev.roster.application.port.in.DisconnectUseCase;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.JoinRoomUseCase;
import dev.roster.application.port.in.LeaveRoomUseCase;
import dev.roster.application.port.in.NodeHealthUseCase;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.application.port.in.SayUseCase;
import dev.roster.application.port.in.SetStatusUseCase;
import dev.roster.application.port.in.WhoUseCase;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.NodeBoot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
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
            case JWT -> new JwtAuthenticator(config.jwt().authenticatorSettings());
        };
    }

    @Provides
    @Singleton
    WebSettings webSettings(Config config) {
        LimitSettings limits = config.limits();
        WebLimits web = new WebLimits(limits.maxConnectionsPerAddress(), limits.handshakesPerAddressPerSecond(),
                limits.framesPerSecond(), limits.framesBurst(), limits.maxTextBytes(), limits.maxQueuedBytes());
        // an event stream's keep-alive comes at least as often as a socket's ping, so that the idle timeout that
        // spares quiet sockets spares quiet streams too
        Duration keepAlive = config.pingInterval().compareTo(StreamLimits.DEFAULT_KEEP_ALIVE) < 0
                ? config.pingInterval() : StreamLimits.DEFAULT_KEEP_ALIVE;
        StreamLimits streams = new StreamLimits(StreamLimits.DEFAULT_MAX_STREAMS,
                StreamLimits.DEFAULT_MAX_QUEUED_BYTES, keepAlive);
        return new WebSettings(config.port(), config.allowedOrigins(), config.adminToken(), config.idleTimeout(),
                config.pingInterval(), config.maxThreads(), config.metricsToken(), web, config.trustedProxies(),
                streams);
    }

    @Provides
    @Singleton
    AdminConsole adminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect,
                              WatchActivityUseCase activity, ReadEventsUseCase events, EventDeliveryUseCase delivery,
                              NodeBoot boot, Config config, JavalinClientGateway gateway, InstantSource time,
                              SignInThrottle throttle) {
        return new AdminConsole(query, disconnect, activity, events, delivery, boot, config.adminToken(),
                config.lease(), gateway.frames(), time, gateway.metrics(), config.trustedProxies(), throttle);
    }

    /** One budget of failed sign-ins per address, for the dashboard's form and every bearer token alike. */
    @Provides
    @Singleton
    SignInThrottle signInThrottle(MeterRegistry registry) {
        return new SignInThrottle(registry);
    }

    @Provides
    @Singleton
    WebUseCases useCases(AuthenticateUseCase authenticate, ConnectUseCase connect, DisconnectUseCase disconnect,
                         JoinRoomUseCase join, LeaveRoomUseCase leave, SetStatusUseCase setStatus, SayUseCase say,
                         WhoUseCase who, QueryPresenceUseCase query, AdminDisconnectUseCase adminDisconnect,
                         NodeHealthUseCase health, ReadEventsUseCase events, EventDeliveryUseCase delivery) {
        return new WebUseCases(authenticate, connect, disconnect, join, leave, setStatus, say, who, query,
                adminDisconnect, health, events, delivery);
    }

    @Provides
    @Singleton
    RosterServer server(WebUseCases useCases, JavalinClientGateway gateway, PrometheusMeterRegistry registry,
                        WebSettings settings, AdminConsole admin, Config config, SignInThrottle throttle) {
        FrontDoor door = new FrontDoor(config.trustedProxies(), throttle);
        return new RosterServer(useCases, gateway, registry, settings, javalin -> {
            WebPages.register(javalin);
            admin.register(javalin);
            // last: it must wrap every handler the server has, the WebSocket upgrade's too
            door.register(javalin);
        });
    }
}
