package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.support.RawHttp;
import dev.roster.adapters.javalin.support.RawHttp.Answer;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.junit.PerClass;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests under /api that no route takes, sent by hand: the API's JSON error, never a plain-text page. */
class UnmatchedApiRequestsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start(new DevAuthenticator(), null));

    private static Answer send(String method, String path) throws IOException {
        return RawHttp.send(NODE.get().server.port(), method, path, TestNode.ADMIN_TOKEN);
    }

    private static JsonNode error(Answer answer) throws IOException {
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = MAPPER.readTree(answer.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        return body.path("error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/nope", "/api", "/api/", "/api/users", "/api/users/ann/extra", "/api/online/count/x",
            "/api/rooms", "/api/users/ann/sessions/s1"})
    void an_unknown_path_is_a_404_with_the_json_error(String path) throws IOException {
        Answer answer = send("GET", path);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(error(answer).path("code").asText()).isEqualTo("not_found");
        assertThat(answer.header("Allow")).isNull();
    }

    @Test
    void an_unknown_path_is_a_404_whatever_the_method() throws IOException {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
            Answer answer = send(method, "/api/nope");
            assertThat(answer.status()).as(method).isEqualTo(404);
            assertThat(error(answer).path("code").asText()).isEqualTo("not_found");
        }
        assertThat(send("HEAD", "/api/nope").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /api/users/ann, 'GET, HEAD'",
            "DELETE, /api/users/ann, 'GET, HEAD'",
            "PUT, /api/online, 'GET, HEAD'",
            "DELETE, /api/online/count, 'GET, HEAD'",
            "PATCH, /api/rooms/lobby, 'GET, HEAD'",
            "POST, /api/nodes/, 'GET, HEAD'",
            "GET, /api/users/ann/sessions, DELETE",
            "POST, /api/users/ann/sessions, DELETE",
            "GET, /api/sessions/s1, DELETE",
            "OPTIONS, /api/sessions/s1, DELETE"})
    void a_known_path_asked_with_another_method_is_a_405_that_says_which_it_takes(String method, String path,
                                                                                    String allowed)
            throws IOException {
        Answer answer = send(method, path);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo(allowed);
        JsonNode error = error(answer);
        assertThat(error.path("code").asText()).isEqualTo("method_not_allowed");
        assertThat(error.path("message").asText()).contains(method).contains(allowed);
    }

    @Test
    void the_token_is_checked_first_so_paths_are_not_revealed_to_whoever_asks() throws IOException {
        for (String path : new String[] {"/api/nope", "/api/users/ann"}) {
            Answer answer = RawHttp.send(NODE.get().server.port(), "POST", path, null);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(error(answer).path("code").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void the_routes_themselves_still_answer() throws IOException {
        Answer count = send("GET", "/api/online/count");
        assertThat(count.status()).isEqualTo(200);
        assertThat(MAPPER.readTree(count.body()).has("count")).isTrue();
        assertThat(send("GET", "/api/users/ann/").status()).isEqualTo(200);
        assertThat(send("HEAD", "/api/nodes").status()).isEqualTo(200);
        // HEAD runs the GET route: a bad id is refused as GET refuses it, not answered with an empty 200
        Answer head = send("HEAD", "/api/users/bad%20id");
        assertThat(head.status()).isEqualTo(400);
        assertThat(head.body()).isEmpty();
        Answer closed = send("DELETE", "/api/users/ann/sessions");
        assertThat(closed.status()).isEqualTo(200);
        assertThat(MAPPER.readTree(closed.body()).path("closed").asInt()).isZero();
        assertThat(error(send("GET", "/api/users/bad%20id")).path("code").asText()).isEqualTo("bad_request");
        assertThat(RawHttp.send(NODE.get().server.port(), "GET", "/health/live", null).status()).isEqualTo(200);
    }
}
