package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.json.ServerFrames;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InternalErrorsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(HttpApi.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final InternalErrors errors = new InternalErrors(new Views(new ServerFrames(new ObjectMapper())));

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void anUnexpectedFailureIsA500InternalAndLogged() {
        Context ctx = mock(Context.class, RETURNS_SELF);
        when(ctx.method()).thenReturn(HandlerType.GET);
        when(ctx.path()).thenReturn("/api/nodes");
        errors.handle(new IllegalStateException("bug"), ctx);
        verify(ctx).status(500);
        verify(ctx).result("{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}");
        assertThat(lines.list).singleElement()
                .satisfies(line -> assertThat(line.getFormattedMessage()).isEqualTo("GET /api/nodes failed"));
    }

    @Test
    void aRequestTheServerHasFinishedWithNeitherThrowsNorFloodsTheLog() {
        // what a recycled request does: every read and every answer fails
        Context gone = mock(Context.class);
        when(gone.method()).thenThrow(new NullPointerException("request recycled"));
        when(gone.path()).thenThrow(new NullPointerException("request recycled"));
        when(gone.status(anyInt())).thenThrow(new IllegalStateException("Response does not exist (likely recycled)"));
        when(gone.contentType(anyString())).thenThrow(new IllegalStateException("recycled"));
        for (int i = 0; i < 1_000; i++) {
            errors.handle(new IllegalStateException("Response does not exist (likely recycled)"), gone);
        }
        assertThat(lines.list).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .isEqualTo("a request that had already ended failed"));
    }
}
