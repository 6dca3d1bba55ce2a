package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.auth.AdminToken;
import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.support.RawHttp;
import dev.roster.adapters.javalin.support.RawHttp.Answer;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase.OnlinePage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.domain.PresenceState;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct reads on a bare server whose only other handler answers 418 "framework": what they answer themselves,
 * and what they leave to the framework's routes.
 */
class DirectReadsTest {
    private static final String TOKEN = "direct-reads-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final QueryPresenceUseCase query = mock(QueryPresenceUseCase.class);
    private final Views views = new Views(new ServerFrames(Json.newMapper()));
    private final UserView ann = new UserView(UserId.of("ann"), PresenceState.ONLINE, null, null, null, null,
            Set.of(), List.of());
    private Server server;
    private DirectReads direct;

    private int start(Duration wait) throws Exception {
        direct = new DirectReads(query, new AdminToken(TOKEN), views, wait, Duration.ofMillis(20));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        direct.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(418);
                response.write(true, ByteBuffer.wrap("framework".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.setHandler(direct);
        server.start();
        return connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private Answer get(int port, String path) throws IOException {
        return RawHttp.send(port, "GET", path, TOKEN);
    }

    @Test
    void a_user_is_answered_directly_with_its_json_and_length() throws Exception {
        when(query.user(UserId.of("ann"))).thenReturn(CompletableFuture.completedFuture(ann));
        int port = start(Duration.ofSeconds(10));

        Answer answer = get(port, "/api/users/ann");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.body()).isEqualTo(views.user(ann));
        assertThat(answer.header("Content-Length")).isEqualTo(String.valueOf(answer.body().length()));
    }

    @Test
    void an_answer_completed_later_on_the_store_s_thread_is_answered_then() throws Exception {
        CompletableFuture<UserView> later = new CompletableFuture<>();
        AtomicReference<String> completedOn = new AtomicReference<>();
        AtomicReference<Integer> pendingThen = new AtomicReference<>();
        ExecutorService store = Executors.newSingleThreadExecutor(r -> new Thread(r, "store-answers"));
        // the store completes the read on its own thread once the request waits for it
        when(query.user(UserId.of("ann"))).thenAnswer(asked -> {
            store.execute(() -> {
                while (direct.pending() == 0) {
                    sleep();
                }
                pendingThen.set(direct.pending());
                completedOn.set(Thread.currentThread().getName());
                later.complete(ann);
            });
            return later;
        });
        when(query.onlineCount()).thenReturn(CompletableFuture.completedFuture(3L));
        int port = start(Duration.ofSeconds(10));
        try {
            Answer answer = get(port, "/api/users/ann");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(views.user(ann));
            assertThat(pendingThen.get()).isEqualTo(1);
            assertThat(completedOn.get()).isEqualTo("store-answers");
            assertThat(direct.pending()).isZero();
            assertThat(get(port, "/api/online/count").body()).isEqualTo("{\"count\":3}");
        } finally {
            store.shutdownNow();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_online_page_takes_its_limit_and_cursor() throws Exception {
        when(query.online(2, "YQ.x")).thenReturn(CompletableFuture.completedFuture(
                new OnlinePage(List.of(UserId.of("b"), UserId.of("c")), "Yw.y")));
        when(query.online(HttpApi.DEFAULT_LIMIT, null)).thenReturn(CompletableFuture.completedFuture(
                new OnlinePage(List.of(), null)));
        int port = start(Duration.ofSeconds(10));

        assertThat(get(port, "/api/online?limit=2&cursor=YQ.x").body())
                .isEqualTo("{\"users\":[\"b\",\"c\"],\"next\":\"Yw.y\"}");
        assertThat(get(port, "/api/online").body()).isEqualTo("{\"users\":[],\"next\":null}");
        assertThat(get(port, "/api/online?cursor=").body()).isEqualTo("{\"users\":[],\"next\":null}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/users/ann/", "/api/users/", "/api/users/a%6En", "/api/users/ann?x=1",
            "/api/online?limit=0", "/api/online?limit=ten", "/api/online?limit=1&limit=2", "/api/online?other=1",
            "/api/online?cursor=a%2Bb", "/api/online/", "/api/online/count?x=1", "/api/nodes", "/health/live"})
    void anything_but_a_plain_authorized_read_goes_on_to_the_framework(String path) throws Exception {
        int port = start(Duration.ofSeconds(10));

        Answer answer = get(port, path);

        assertThat(answer.status()).isEqualTo(418);
        assertThat(answer.body()).isEqualTo("framework");
        verify(query, never()).user(any());
        verify(query, never()).online(anyInt(), any());
        verify(query, never()).onlineCount();
    }

    @Test
    void no_token_and_other_methods_go_on_to_the_framework() throws Exception {
        int port = start(Duration.ofSeconds(10));

        assertThat(RawHttp.send(port, "GET", "/api/users/ann", null).status()).isEqualTo(418);
        assertThat(RawHttp.send(port, "GET", "/api/users/ann", "wrong-token").status()).isEqualTo(418);
        assertThat(RawHttp.send(port, "HEAD", "/api/users/ann", TOKEN).status()).isEqualTo(418);
        assertThat(RawHttp.send(port, "DELETE", "/api/users/ann", TOKEN).status()).isEqualTo(418);
        verify(query, never()).user(any());
    }

    @Test
    void the_store_s_failures_are_the_api_s_errors() throws Exception {
        when(query.user(UserId.of("down"))).thenReturn(CompletableFuture.failedFuture(
                new StoreUnavailableException("down", new RuntimeException())));
        when(query.user(UserId.of("bug"))).thenReturn(CompletableFuture.failedFuture(new IllegalStateException()));
        when(query.user(UserId.of("throws"))).thenThrow(new IllegalStateException("at once"));
        when(query.online(HttpApi.DEFAULT_LIMIT, "bad")).thenReturn(CompletableFuture.failedFuture(
                new QueryPresenceUseCase.BadCursorException("bad")));
        int port = start(Duration.ofSeconds(10));

        assertError(get(port, "/api/users/down"), 503, "unavailable");
        assertError(get(port, "/api/users/bug"), 500, "internal");
        assertError(get(port, "/api/users/throws"), 500, "internal");
        assertError(get(port, "/api/online?cursor=bad"), 400, "bad_request");
    }

    @Test
    void a_store_that_does_not_answer_in_time_is_a_503() throws Exception {
        when(query.user(UserId.of("ann"))).thenReturn(new CompletableFuture<>());
        int port = start(Duration.ofMillis(50));

        assertError(get(port, "/api/users/ann"), 503, "unavailable");
        assertThat(direct.pending()).isZero();
    }

    private static void assertError(Answer answer, int status, String code) throws IOException {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = MAPPER.readTree(answer.body());
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
    }
}
