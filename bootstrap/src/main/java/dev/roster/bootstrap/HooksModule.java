package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.roster.adapters.hooks.HookSettings;
import dev.roster.adapters.hooks.HttpRoomAuthorizer;
import dev.roster.adapters.hooks.WebhookSettings;
import dev.roster.adapters.hooks.WebhookSink;
import dev.roster.application.port.out.EventSink;
import dev.roster.application.port.out.RoomAuthorizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The calls out to the application's own back end: the room authorization hook and the webhook the event log is
 * delivered to, each when one is configured.
 */
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

    /** The webhook, when {@code ROSTER_WEBHOOK_URL} is set; empty means the event log is delivered nowhere. */
    @Provides
    @Singleton
    Optional<WebhookSink> webhook(Config config) {
        WebhookConfig webhook = config.events().webhook();
        if (webhook == null) {
            return Optional.empty();
        }
        return Optional.of(new WebhookSink(new WebhookSettings(webhook.url(), webhook.secretBytes(),
                webhook.timeout())));
    }

    @Provides
    @Singleton
    Optional<EventSink> eventSink(Optional<WebhookSink> webhook) {
        return webhook.map(EventSink.class::cast);
    }

    /** The webhook's threads stop with the node, after the scheduler that drives deliveries. */
    @ProvidesIntoSet
    @OnShutdown
    AutoCloseable closeWebhook(Optional<WebhookSink> webhook) {
        return () -> webhook.ifPresent(WebhookSink::close);
    }
}
