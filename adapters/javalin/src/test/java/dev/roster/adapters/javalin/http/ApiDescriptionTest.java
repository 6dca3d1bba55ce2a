package dev.roster.adapters.javalin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.support.RawHttp;
import dev.roster.adapters.javalin.support.RawHttp.Answer;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.testsupport.junit.PerClass;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API's own description: the build's copy of docs/openapi.yaml, served under the admin token. */
class ApiDescriptionTest {
    @RegisterExtension
    static final PerClass<TestNode> NODE = PerClass.of(() -> TestNode.start(new DevAuthenticator(), null));

    @Test
    void the_build_copies_the_document_from_docs_onto_the_class_path() throws IOException {
        try (var in = ApiDescription.class.getClassLoader().getResourceAsStream(ApiDescription.RESOURCE)) {
            assertThat(in).as(ApiDescription.RESOURCE).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(Path.of("../../docs/openapi.yaml")));
        }
    }

    @Test
    void a_build_without_the_document_fails_at_start_and_says_what_is_missing() {
        assertThatThrownBy(() -> new ApiDescription("api/absent.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("api/absent.yaml")
                .hasMessageContaining("docs/openapi.yaml");
    }

    @Test
    void it_is_served_as_yaml_with_the_token_and_answers_head() throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + NODE.get().server.port() + ApiDescription.PATH))
                .header("Authorization", "Bearer " + TestNode.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(ApiDescription.YAML);
        assertThat(answer.body()).startsWith("openapi: 3.1.")
                .isEqualTo(Files.readString(Path.of("../../docs/openapi.yaml"), StandardCharsets.UTF_8));

        Answer head = RawHttp.send(NODE.get().server.port(), "HEAD", ApiDescription.PATH, TestNode.ADMIN_TOKEN);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo(ApiDescription.YAML);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void without_the_admin_token_it_is_a_401_that_shows_nothing_of_it() throws IOException {
        for (String method : new String[] {"GET", "HEAD"}) {
            Answer answer = RawHttp.send(NODE.get().server.port(), method, ApiDescription.PATH, null);
            assertThat(answer.status()).as(method).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(answer.body()).doesNotContain("openapi");
        }
        Answer wrong = RawHttp.send(NODE.get().server.port(), "GET", ApiDescription.PATH, "not-the-token");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void other_methods_are_a_405_naming_get_and_head() throws IOException {
        Answer answer = RawHttp.send(NODE.get().server.port(), "POST", ApiDescription.PATH, TestNode.ADMIN_TOKEN);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
    }
}
