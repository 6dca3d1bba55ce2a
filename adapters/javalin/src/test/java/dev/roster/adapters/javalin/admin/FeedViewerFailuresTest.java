package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A feed write that fails otherwise than by the browser going away is counted; one gone browser is not. */
class FeedViewerFailuresTest {
    private final AtomicInteger counted = new AtomicInteger();

    private FeedViewer viewerWriting(Exception failure) throws IOException {
        ServletOutputStream out = mock(ServletOutputStream.class);
        when(out.isReady()).thenReturn(true);
        doThrow(failure).when(out).write(any(byte[].class));
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(out);
        return FeedViewer.start(mock(AsyncContext.class), response, 4, Runnable::run, ended -> { },
                counted::incrementAndGet);
    }

    @Test
    void anUnexpectedWriteFailureIsCountedAndEndsTheViewer() throws IOException {
        FeedViewer viewer = viewerWriting(new IllegalStateException("recycled"));

        viewer.offer(new byte[] {1});

        assertThat(counted).hasValue(1);
        assertThat(viewer.ended()).isTrue();
    }

    @Test
    void aBrowserThatWentAwayIsNotAFailure() throws IOException {
        FeedViewer viewer = viewerWriting(new IOException("gone"));

        viewer.offer(new byte[] {1});

        assertThat(counted).hasValue(0);
        assertThat(viewer.ended()).isTrue();
    }
}
