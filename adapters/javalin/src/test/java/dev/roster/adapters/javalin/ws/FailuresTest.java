package dev.roster.adapters.javalin.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.InvalidIdException;
import dev.roster.domain.Rejection;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    private static final IntNode RE = new IntNode(4);

    @Test
    void rejections_keep_their_own_code() {
        assertThat(code(new PresenceRejectedException(Rejection.NOT_MEMBER))).isEqualTo("not_member");
        assertThat(code(new PresenceRejectedException(Rejection.NO_SESSION))).isEqualTo("no_session");
    }

    @Test
    void a_store_outage_is_unavailable_even_when_wrapped() {
        assertThat(code(new CompletionException(new StoreUnavailableException("down")))).isEqualTo("unavailable");
    }

    @Test
    void domain_errors_are_bad_field_and_anything_else_internal() {
        assertThat(code(new InvalidIdException("room", "room id is missing"))).isEqualTo("bad_field");
        assertThat(code(new IllegalStateException("bug"))).isEqualTo("internal");
        assertThat(Failures.toFrameError(new IllegalStateException("secret detail"), RE).message())
                .doesNotContain("secret");
    }

    @Test
    void the_id_of_the_frame_is_kept() {
        assertThat(Failures.toFrameError(new StoreUnavailableException("down"), RE).re()).isEqualTo(RE);
    }

    private static String code(Throwable failure) {
        return Failures.toFrameError(failure, RE).code();
    }
}
