package dev.roster.adapters.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.application.port.out.contract.RoomAuthorizerContract;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The HTTP hook keeps the authorizer contract, against a back end that answers from a table. */
class HttpRoomAuthorizerContractTest extends RoomAuthorizerContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HookServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected RoomAuthorizer allowing(Map<UserId, Set<RoomId>> allowed) throws IOException {
        server = new HookServer();
        server.answers(exchange -> {
            // the server read the request body already; it is the last one received
            String body = server.received().get(server.received().size() - 1).body();
            JsonNode asked = JSON.readTree(body);
            boolean allow = allowed.getOrDefault(UserId.of(asked.get("user").asText()), Set.of())
                    .contains(RoomId.of(asked.get("room").asText()));
            byte[] answer = ("{\"allow\":" + allow + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        });
        return new HttpRoomAuthorizer(HookSettings.at(server.url(), "contract-token"), new SimpleMeterRegistry());
    }

    @Override
    protected RoomAuthorizer unreachable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        return new HttpRoomAuthorizer(new HookSettings(URI.create("http://127.0.0.1:" + closed + "/authorize"),
                null, Duration.ofMillis(500), Duration.ZERO), new SimpleMeterRegistry());
    }
}
