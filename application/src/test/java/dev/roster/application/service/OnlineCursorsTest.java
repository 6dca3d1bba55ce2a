package dev.roster.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OnlineCursorsTest {

    @Test
    void aCursorDecodesToTheUserItWasMadeFrom() {
        for (String id : new String[] {"a", "ann", "a.b@c:d-e_f", "x".repeat(64)}) {
            String cursor = OnlineCursors.encode(UserId.of(id));
            assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
            assertThat(OnlineCursors.decode(cursor)).isEqualTo(UserId.of(id));
        }
    }

    @Test
    void noPositionIsNoCursorAndNoCursorIsTheFirstPage() {
        assertThat(OnlineCursors.encode(null)).isNull();
        assertThat(OnlineCursors.decode(null)).isNull();
    }

    @Test
    void aCursorPointedAtAnotherValidUserIsRefused() {
        String real = OnlineCursors.encode(UserId.of("ann"));
        String tag = real.substring(real.indexOf('.'));
        String moved = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("bob".getBytes(StandardCharsets.UTF_8)) + tag;

        assertThatThrownBy(() -> OnlineCursors.decode(moved)).isInstanceOf(BadCursorException.class);
    }

    @Test
    void aCursorWhoseTagWasEditedOrCutShortIsRefused() {
        String real = OnlineCursors.encode(UserId.of("ann"));
        char last = real.charAt(real.length() - 1);
        String edited = real.substring(0, real.length() - 1) + (last == 'A' ? 'B' : 'A');

        for (String bad : new String[] {edited, real.substring(0, real.length() - 2), real + "A"}) {
            assertThatThrownBy(() -> OnlineCursors.decode(bad)).as(bad).isInstanceOf(BadCursorException.class);
        }
    }

    @Test
    void malformedCursorsAreRefusedWithAShortMessage() {
        for (String bad : new String[] {"", ".", "ann", ".abc", "abc.", "***.***", "a.b.c", "0~ann", "3~",
                "x".repeat(5000)}) {
            assertThatThrownBy(() -> OnlineCursors.decode(bad)).as(bad.length() > 20 ? "long" : bad)
                    .isInstanceOf(BadCursorException.class)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        }
    }

    /** Cursors handed out before the room listing shared this code must still work after an upgrade. */
    @Test
    void theTagIsTheDigestOfTheOnlineLabelAndTheIdAsBefore() throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update("roster online cursor 1\n".getBytes(StandardCharsets.US_ASCII));
        byte[] tag = java.util.Arrays.copyOf(digest.digest("ann".getBytes(StandardCharsets.UTF_8)), 12);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

        assertThat(OnlineCursors.encode(UserId.of("ann")))
                .isEqualTo(base64.encodeToString("ann".getBytes(StandardCharsets.UTF_8)) + "."
                        + base64.encodeToString(tag));
    }
}
