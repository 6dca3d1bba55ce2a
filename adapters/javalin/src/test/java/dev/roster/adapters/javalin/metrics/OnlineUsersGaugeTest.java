package dev.roster.adapters.javalin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.domain.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OnlineUsersGaugeTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QueryPresenceUseCase query = mock(QueryPresenceUseCase.class);
    private final OnlineUsersGauge gauge = new OnlineUsersGauge(query, registry, new WsMetrics(registry));

    @Test
    void a_refresh_the_store_fails_keeps_the_last_count_and_is_counted() {
        when(query.onlineCount()).thenReturn(CompletableFuture.completedFuture(7L))
                .thenReturn(CompletableFuture.failedFuture(new StoreUnavailableException("down")))
                .thenThrow(new IllegalStateException("broken"));

        gauge.refresh().join();
        gauge.refresh().join();
        gauge.refresh().join();

        assertThat(registry.get("roster.users.online").gauge().value()).isEqualTo(7.0);
        assertThat(registry.get("roster.web.failures").tag("task", "online_count").counter().count())
                .isEqualTo(2.0);
    }
}
