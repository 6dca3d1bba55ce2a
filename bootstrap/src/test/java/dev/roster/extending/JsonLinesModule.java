package dev.roster.extending;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.roster.adapters.hooks.WebhookSink;
import dev.roster.adapters.jsonlines.JsonLinesSettings;
import dev.roster.adapters.jsonlines.JsonLinesSink;
import dev.roster.application.port.out.EventSink;
import dev.roster.bootstrap.OnShutdown;
import dev.roster.extending.broker.LineBroker;
import java.util.Optional;

/**
 * EXTENDING.md, step 6, followed for the test-only publisher, as the page says for {@code KafkaModule}: it provides
 * {@code Optional<JsonLinesSink>} (empty when not configured) and adds a closer of it to the {@code @OnShutdown} set;
 * and {@link #eventSink} is what the page says {@code HooksModule.eventSink} becomes: it takes both sinks and returns
 * whichever is present.
 *
 * <p>Two differences, both because the adapter exists only in tests: a real module reads its settings from
 * {@code Config} (its {@code ROSTER_*} variables, step 5) where this one is handed them, and a real
 * {@code HooksModule.eventSink} is edited in place where a test overrides that binding with
 * {@code Modules.override(new RosterModule(config)).with(new JsonLinesModule(...))}.
 */
final class JsonLinesModule extends AbstractModule {
    private final LineBroker broker;
    private final JsonLinesSettings settings;

    JsonLinesModule(LineBroker broker, JsonLinesSettings settings) {
        this.broker = broker;
        this.settings = settings;
    }

    /** The publisher, when configured; empty means the node delivers to the webhook, or nowhere. */
    @Provides
    @Singleton
    Optional<JsonLinesSink> lines() {
        return settings == null ? Optional.empty() : Optional.of(new JsonLinesSink(settings, broker));
    }

    /** The one provider of the sink the application gets; Guice refuses a second binding of it. */
    @Provides
    @Singleton
    Optional<EventSink> eventSink(Optional<JsonLinesSink> lines, Optional<WebhookSink> webhook) {
        return lines.<EventSink>map(k -> k).or(() -> webhook.map(w -> w));
    }

    /** The publisher's connection closes with the node, after the housekeeping that drives deliveries. */
    @ProvidesIntoSet
    @OnShutdown
    AutoCloseable closeLines(Optional<JsonLinesSink> lines) {
        return () -> lines.ifPresent(JsonLinesSink::close);
    }
}
