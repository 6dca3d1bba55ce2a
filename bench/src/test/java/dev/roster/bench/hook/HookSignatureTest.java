package dev.roster.bench.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HookSignatureTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final long TS = 1_733_500_000L;

    @Test
    void signs_the_timestamp_a_dot_and_the_body_as_lowercase_hex_hmac_sha256() {
        // computed apart from this code: python3 hmac.new(secret, b'1733500000.{"events":[]}', sha256).hexdigest()
        assertThat(HookSignature.sign(SECRET, TS, BODY))
                .isEqualTo("v1=649d9524d9ee50f6ead2c28598d6d0e1c339dfe3b08d4107361468d30fc50f62");
    }

    @Test
    void verifies_what_it_signed_within_the_window() {
        String signature = HookSignature.sign(SECRET, TS, BODY);

        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature, BODY, TS, 300)).isTrue();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature, BODY, TS + 300, 300)).isTrue();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature, BODY, TS - 300, 300)).isTrue();
    }

    @Test
    void refuses_a_wrong_secret_a_changed_body_or_a_changed_timestamp() {
        String signature = HookSignature.sign(SECRET, TS, BODY);
        byte[] other = "another secret of at least 32 bytes....".getBytes(StandardCharsets.UTF_8);

        assertThat(HookSignature.verify(other, Long.toString(TS), signature, BODY, TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature,
                "{\"events\":[{}]}".getBytes(StandardCharsets.UTF_8), TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS + 1), signature, BODY, TS, 300)).isFalse();
    }

    @Test
    void refuses_a_timestamp_outside_the_replay_window() {
        String signature = HookSignature.sign(SECRET, TS, BODY);

        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature, BODY, TS + 301, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature, BODY, TS - 301, 300)).isFalse();
    }

    @Test
    void refuses_missing_or_malformed_headers() {
        String signature = HookSignature.sign(SECRET, TS, BODY);
        String hexOnly = signature.substring(3);

        assertThat(HookSignature.verify(SECRET, null, signature, BODY, TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), null, BODY, TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, "soon", signature, BODY, TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), hexOnly, BODY, TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), "v0=" + hexOnly, BODY, TS, 300)).isFalse();
        assertThat(HookSignature.verify(SECRET, Long.toString(TS), signature.toUpperCase(), BODY, TS, 300))
                .isFalse();
    }

    @Test
    void accepts_a_list_of_signatures_when_one_matches() {
        String signature = HookSignature.sign(SECRET, TS, BODY);

        assertThat(HookSignature.verify(SECRET, Long.toString(TS), "v1=00ff, " + signature, BODY, TS, 300))
                .isTrue();
    }

    @Test
    void hex_is_lowercase_and_two_digits_a_byte() {
        assertThat(HookSignature.hex(new byte[] {0, 15, (byte) 0xab, (byte) 0xff})).isEqualTo("000fabff");
    }
}
