package dev.roster.adapters.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HookSettingsTest {

    @Test
    void the_address_is_shown_without_the_credentials_it_may_carry() {
        HookSettings settings = HookSettings.at(
                URI.create("https://roster:hunter2@authz.internal:8443/rooms/check?key=s3cret#frag"), "bearer-token");

        assertThat(settings.shownUrl()).isEqualTo("https://authz.internal:8443/rooms/check");
        assertThat(settings.toString()).doesNotContain("hunter2", "s3cret", "bearer-token")
                .contains("https://authz.internal:8443/rooms/check");
    }

    @Test
    void a_refused_address_is_named_without_its_credentials() {
        assertThatThrownBy(() -> HookSettings.at(URI.create("ftp://roster:hunter2@authz.internal/x?key=s3cret"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://authz.internal/x")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret");
    }
}
