package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.roster.adapters.hooks.WebhookSink;
import dev.roster.application.port.out.DeliveryFailedException;
import dev.roster.application.port.out.EventSink;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The webhook is bound as the event sink exactly when it is configured, and stops with the node. */
class HooksModuleTest {
    private static final Key<Optional<EventSink>> SINK = Key.get(new TypeLiteral<>() {
    });
    private static final Key<Set<AutoCloseable>> ON_SHUTDOWN = Key.get(new TypeLiteral<>() {
    }, OnShutdown.class);

    private static Injector injector(Map<String, String> env) {
        Config config = Config.load(env, "host", new SecureRandom());
        return Guice.createInjector(new HooksModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Config.class).toInstance(config);
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
            }
        });
    }

    @Test
    void without_a_webhook_url_no_sink_is_bound() throws Exception {
        Injector injector = injector(Map.of());

        assertThat(injector.getInstance(SINK)).isEmpty();
        for (AutoCloseable resource : injector.getInstance(ON_SHUTDOWN)) {
            resource.close();
        }
    }

    @Test
    void with_a_webhook_url_the_sink_is_the_webhook_once_and_its_threads_stop_at_shutdown() throws Exception {
        Injector injector = injector(Map.of("ROSTER_WEBHOOK_URL", "http://127.0.0.1:9/hooks?key=s3cret",
                "ROSTER_WEBHOOK_SECRET", "whsec-0123456789abcdef0123456789ab"));

        EventSink sink = injector.getInstance(SINK).orElseThrow();
        assertThat(sink).isInstanceOf(WebhookSink.class).isSameAs(injector.getInstance(SINK).orElseThrow());
        assertThat(sink.describe()).isEqualTo("http://127.0.0.1:9/hooks");

        for (AutoCloseable resource : injector.getInstance(ON_SHUTDOWN)) {
            resource.close();
        }

        LoggedEvent event = new LoggedEvent("1-1", LoggedEvent.USER_OFFLINE, UserId.of("ann"), Instant.now(),
                Map.of());
        assertThat(sink.deliver(List.of(event)).toCompletableFuture())
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(DeliveryFailedException.class).withMessage("error");
    }
}
