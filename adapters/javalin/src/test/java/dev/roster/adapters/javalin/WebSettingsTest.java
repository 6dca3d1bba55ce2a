package dev.roster.adapters.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.adapters.javalin.limits.WebLimits;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSettingsTest {

    @Test
    void defaults_are_a_minute_of_idle_time_pings_every_20_seconds_and_16_threads() {
        WebSettings settings = WebSettings.of(8080, null, "token");
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.maxThreads()).isEqualTo(16);
        assertThat(settings.limits()).isEqualTo(WebLimits.DEFAULTS);
        assertThat(settings.proxies()).isSameAs(TrustedProxies.NONE);
    }

    @Test
    void limits_and_proxies_are_replaced_and_required() {
        WebSettings settings = WebSettings.of(8080, null, "token")
                .withLimits(WebLimits.DEFAULTS.withFrames(5, 10))
                .withProxies(TrustedProxies.parse("10.0.0.0/8"));
        assertThat(settings.limits().framesPerS()).isEqualTo(5);
        assertThat(settings.proxies().trusts("10.1.2.3")).isTrue();
        assertThat(settings.adminToken()).isEqualTo("token");
        assertThatThrownBy(() -> settings.withLimits(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> settings.withProxies(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void settings_that_cannot_work_are_refused() {
        Duration minute = Duration.ofMinutes(1);
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new WebSettings(-1, null, "t", minute, second, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebSettings(0, null, " ", minute, second, 16))
                .hasMessageContaining("admin token");
        assertThatThrownBy(() -> new WebSettings(0, null, "t", second, minute, 16))
                .hasMessageContaining("longer than pingInterval");
        assertThatThrownBy(() -> new WebSettings(0, null, "t", minute, Duration.ZERO, 16))
                .hasMessageContaining("pingInterval must be positive");
        assertThatThrownBy(() -> new WebSettings(0, null, "t", minute, second, 3))
                .hasMessageContaining("maxThreads");
    }
}
