package dev.roster.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.PresenceDirectory.BadCursorException;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OnlineCursorsTest {
    private final OnlineCursors cursors = new OnlineCursors(new SecureRandom());

    @Test
    void aCursorDecodesToTheUserItWasMadeFrom() {
        for (String id : new String[] {"a", "ann", "a.b@c:d-e_f", "x".repeat(64)}) {
            String cursor = cursors.encode(UserId.of(id));
            assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
            assertThat(cursors.decode(cursor)).isEqualTo(UserId.of(id));
        }
    }

    @Test
    void aCursorOfAnotherStoreIsRefused() {
        String foreign = new OnlineCursors(new SecureRandom()).encode(UserId.of("ann"));

        assertThatThrownBy(() -> cursors.decode(foreign)).isInstanceOf(BadCursorException.class);
    }

    @Test
    void aCursorPointedAtAnotherValidUserIsRefused() {
        String real = cursors.encode(UserId.of("ann"));
        String tag = real.substring(real.indexOf('.'));
        String moved = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("bob".getBytes(StandardCharsets.UTF_8)) + tag;

        assertThatThrownBy(() -> cursors.decode(moved)).isInstanceOf(BadCursorException.class);
    }

    @Test
    void malformedCursorsAreRefusedWithAShortMessage() {
        for (String bad : new String[] {"", ".", "ann", ".abc", "abc.", "***.***", "a.b.c", "x".repeat(5000)}) {
            assertThatThrownBy(() -> cursors.decode(bad)).as(bad.length() > 20 ? "long" : bad)
                    .isInstanceOf(BadCursorException.class)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        }
    }
}
