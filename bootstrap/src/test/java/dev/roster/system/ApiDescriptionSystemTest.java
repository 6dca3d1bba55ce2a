package dev.roster.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.roster.adapters.javalin.RosterServer;
import dev.roster.bootstrap.Config;
import dev.roster.bootstrap.RosterModule;
import dev.roster.bootstrap.RosterNode;
import dev.roster.testsupport.ws.WsClient;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/openapi.yaml} against a node as {@code Main} builds it: every route the node registers under
 * {@code /api}, {@code /health} and {@code /metrics} is described with the same methods and no other, each described
 * operation answers on the node with its described type and fields, and the node serves the file itself, unchanged.
 */
class ApiDescriptionSystemTest {
    private static final String TOKEN = TestNode.ADMIN_TOKEN;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    /** Where the API answers every request no route took (404 or 405): no endpoint of its own. */
    private static final Set<String> CATCH_ALLS = Set.of("/api", "/api/*");
    /** A value for each path parameter, one the node takes. */
    private static final Map<String, String> SAMPLES = Map.of("id", "ann", "room", "lobby");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An operation answered with this type is a stream, read no further than its headers. */
    private static final String EVENT_STREAM = "text/event-stream";

    private static RosterNode node;
    private static RosterServer server;
    private static JsonNode document;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Config config = Config.load(Map.of("ROSTER_PORT", "0", "ROSTER_NODE_ID", "described-node",
                "ROSTER_ADMIN_TOKEN", TOKEN), "test-host", new SecureRandom());
        // the node and its server from one injector: the server is the node's, with every route Main gives it
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new RosterModule(config));
        node = injector.getInstance(RosterNode.class).start();
        server = injector.getInstance(RosterServer.class);
        document = YAML.readTree(file().toFile());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void every_route_under_api_health_and_metrics_is_described_with_the_same_methods_and_no_other() {
        assertThat(described())
                .as("paths and methods docs/openapi.yaml describes (actual), routes the node registers (expected)")
                .isEqualTo(served());
    }

    @Test
    void the_routes_left_out_of_the_comparison_are_the_api_catch_alls_alone() {
        Set<String> wildcards = new TreeSet<>();
        for (ParsedEndpoint route : server.javalin().unsafe.internalRouter.allHttpHandlers()) {
            if (route.endpoint.method.isHttpMethod() && (CATCH_ALLS.contains(route.endpoint.path)
                    || route.endpoint.path.contains("*") && described(route.endpoint.path))) {
                wildcards.add(route.endpoint.path);
            }
        }
        assertThat(wildcards).isEqualTo(CATCH_ALLS);
    }

    @Test
    void every_described_operation_answers_on_the_node_as_described() throws IOException {
        await().until(() -> send("GET", "/health/ready", null).statusCode() == 200);
        List<String> problems = new ArrayList<>();
        // a user in a room, with a status text and a device, so that the answers carry every field they can
        try (WsClient ann = WsClient.connect(http, node.port(), "ann", "laptop")) {
            ann.send(Frames.join("lobby").put("id", 1)).reply("joined", 1);
            ann.send(Frames.status("away", "at lunch").put("id", 2)).reply("ok", 2);
            await().until(() -> JSON.readTree(send("GET", "/api/nodes", TOKEN).body()).path("nodes").size() > 0);
            // in path order: the user is looked at before its sessions are closed
            for (Map.Entry<String, Set<String>> path : described().entrySet()) {
                for (String method : path.getValue()) {
                    check(path.getKey(), method, problems);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private void check(String path, String method, List<String> problems) throws IOException {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        String concrete = concrete(path);
        if (method.equals("GET")
                && resolve(operation.path("responses").path("200")).path("content").has(EVENT_STREAM)) {
            checkStream(concrete, needsToken(operation) ? TOKEN : null, problems);
            return;
        }
        HttpResponse<String> answer = send(method, concrete, needsToken(operation) ? TOKEN : null);
        String where = method + " " + concrete;
        if (answer.statusCode() != 200) {
            problems.add(where + " answered " + answer.statusCode());
            return;
        }
        if (method.equals("HEAD")) {
            if (!answer.body().isEmpty()) {
                problems.add(where + " has a body");
            }
            return;
        }
        JsonNode content = resolve(operation.path("responses").path("200")).path("content");
        String type = answer.headers().firstValue("Content-Type").orElse("");
        String base = type.split(";")[0].strip();
        if (!content.has(type) && !content.has(base)) {
            problems.add(where + " answered " + type + ", described " + names(content));
        } else if (base.equals("application/json")) {
            conforms(content.path(base).path("schema"), JSON.readTree(answer.body()), where + " ", problems);
        }
    }

    /** A stream never ends by itself: its status and type are checked, and it is closed. */
    private void checkStream(String path, String token, List<String> problems) throws IOException {
        HttpResponse<InputStream> answer = http(request("GET", path, token), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = answer.body()) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (answer.statusCode() != 200) {
                problems.add("GET " + path + " answered " + answer.statusCode());
            } else if (!type.split(";")[0].strip().equals(EVENT_STREAM)) {
                problems.add("GET " + path + " answered " + type + ", described " + EVENT_STREAM);
            }
        }
    }

    /** Whether a value has the fields, types and values its schema allows, as far as the document uses them. */
    private static void conforms(JsonNode described, JsonNode value, String where, List<String> problems) {
        JsonNode schema = resolve(described);
        String type = typeOf(value);
        if (schema.has("type") && !schema.path("type").toString().contains("\"" + type + "\"")) {
            problems.add(where + "is " + type + ", described " + schema.path("type"));
        }
        if (schema.has("enum") && !contains(schema.path("enum"), value)) {
            problems.add(where + "is " + value + ", not one of " + schema.path("enum"));
        }
        if (value.isObject()) {
            for (JsonNode field : schema.path("required")) {
                if (!value.has(field.asText())) {
                    problems.add(where + "has no " + field.asText() + ": " + value);
                }
            }
            for (String field : names(value)) {
                if (schema.path("properties").has(field)) {
                    conforms(schema.path("properties").path(field), value.path(field), where + field + " ", problems);
                } else {
                    problems.add(where + "has " + field + ", which is not described");
                }
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                conforms(schema.path("items"), item, where + "[] ", problems);
            }
        }
    }

    private static String typeOf(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        return value.isTextual() ? "string" : value.isArray() ? "array" : value.isObject() ? "object"
                : value.isBoolean() ? "boolean" : "number";
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode allowed : values) {
            if (allowed.equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void the_node_serves_the_file_in_docs_unchanged_and_only_with_the_admin_token() throws IOException {
        HttpResponse<byte[]> served = http(request("GET", "/api/openapi.yaml", TOKEN),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(served.body()).isEqualTo(Files.readAllBytes(file()));

        HttpResponse<String> anonymous = send("GET", "/api/openapi.yaml", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(anonymous.body()).doesNotContain("openapi");
        assertThat(send("POST", "/api/openapi.yaml", TOKEN).headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void the_document_is_openapi_3_1_and_each_guarded_operation_tells_its_refusals() {
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        assertThat(document.at("/components/securitySchemes/adminToken/scheme").asText()).isEqualTo("bearer");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> path : described().entrySet()) {
            for (String method : path.getValue()) {
                JsonNode operation = document.path("paths").path(path.getKey()).path(method.toLowerCase(Locale.ROOT));
                JsonNode responses = operation.path("responses");
                // any request that carries a token may meet the throttle, on every path but /ws
                if (!responses.has("429")) {
                    problems.add(method + " " + path.getKey() + " does not tell its 429");
                }
                boolean guarded = !operation.has("security") || operation.path("security").size() > 0;
                if (guarded != responses.has("401")) {
                    problems.add(method + " " + path.getKey() + (guarded ? " does not tell" : " tells") + " a 401");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The paths and methods the node's router holds under /api, /health and /metrics, but the API's catch-alls. */
    private static Map<String, Set<String>> served() {
        Map<String, Set<String>> routes = new TreeMap<>();
        for (ParsedEndpoint route : server.javalin().unsafe.internalRouter.allHttpHandlers()) {
            String path = route.endpoint.path;
            if (route.endpoint.method.isHttpMethod() && described(path) && !CATCH_ALLS.contains(path)) {
                routes.computeIfAbsent(path, p -> new TreeSet<>()).add(route.endpoint.method.name());
            }
        }
        return routes;
    }

    private static boolean described(String path) {
        return under(path, "/api") || under(path, "/health") || under(path, "/metrics");
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    /** The paths and methods of the document. */
    private static Map<String, Set<String>> described() {
        Map<String, Set<String>> paths = new TreeMap<>();
        document.path("paths").properties().forEach(path -> {
            Set<String> methods = new TreeSet<>();
            for (String key : names(path.getValue())) {
                if (METHODS.contains(key)) {
                    methods.add(key.toUpperCase(Locale.ROOT));
                }
            }
            paths.put(path.getKey(), methods);
        });
        return paths;
    }

    /** Whether an operation takes the admin token: the document's default, unless it says no or "either". */
    private static boolean needsToken(JsonNode operation) {
        if (!operation.has("security")) {
            return true;
        }
        for (JsonNode requirement : operation.path("security")) {
            if (requirement.isEmpty()) {
                return false;
            }
        }
        return operation.path("security").size() > 0;
    }

    private static String concrete(String template) {
        String path = template;
        for (Map.Entry<String, String> sample : SAMPLES.entrySet()) {
            path = path.replace("{" + sample.getKey() + "}", sample.getValue());
        }
        assertThat(path).as("a sample for every parameter of " + template).doesNotContain("{");
        return path;
    }

    /** A schema or a response, or the one its {@code $ref} points to in the document. */
    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            return document.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Path file() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("docs/openapi.yaml");
    }

    private HttpResponse<String> send(String method, String path, String token) {
        return http(request(method, path, token), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(WsClient.WAIT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private <T> HttpResponse<T> http(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }
}
