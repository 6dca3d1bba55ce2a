package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebLimitsTest {

    @Test
    void the_defaults_are_the_contract_s() {
        WebLimits limits = WebLimits.DEFAULTS;
        assertThat(limits.maxConnectionsPerAddress()).isZero();
        assertThat(limits.handshakesPerAddressPerS()).isZero();
        assertThat(limits.framesPerS()).isEqualTo(100);
        assertThat(limits.framesBurst()).isEqualTo(200);
        assertThat(limits.maxTextBytes()).isEqualTo(4096);
        assertThat(limits.maxQueuedBytes()).isEqualTo(1_048_576);
    }

    @Test
    void values_that_make_no_sense_are_refused_with_their_name() {
        WebLimits d = WebLimits.DEFAULTS;
        assertThatThrownBy(() -> d.withConnectionsPerAddress(-1)).hasMessageContaining("maxConnectionsPerAddress");
        assertThatThrownBy(() -> d.withHandshakesPerAddressPerS(-1)).hasMessageContaining("handshakesPerAddressPerS");
        assertThatThrownBy(() -> d.withFrames(-1, 10)).hasMessageContaining("framesPerS");
        assertThatThrownBy(() -> d.withFrames(10, 0)).hasMessageContaining("framesBurst");
        assertThatThrownBy(() -> d.withMaxTextBytes(0)).hasMessageContaining("maxTextBytes");
        assertThatThrownBy(() -> d.withMaxTextBytes(65_537)).hasMessageContaining("maxTextBytes");
        assertThatThrownBy(() -> d.withMaxQueuedBytes(4_095)).hasMessageContaining("maxQueuedBytes");
        assertThat(d.withMaxTextBytes(65_536).maxTextBytes()).isEqualTo(65_536);
    }
}
