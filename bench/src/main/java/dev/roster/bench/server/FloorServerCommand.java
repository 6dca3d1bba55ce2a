package dev.roster.bench.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.roster.bench.DurationConverter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor under Roster's latencies on this machine: a WebSocket server on the same Jetty as Roster's, speaking just
 * enough of the protocol for {@code op-latency}, {@code churn} and the truth check (its {@code /api/online} and
 * {@code /api/online/count}) to run against it unchanged, and doing nothing else. It keeps its rooms in one map,
 * sends every answer from the thread that read the request, and checks nothing (no token, no Origin, no limits, no
 * store). What a scenario measures against it is what the client, the kernel's loopback, Jetty's WebSocket layer
 * and thread wake-ups cost by themselves; the same scenario against a Roster node shows what Roster adds on top.
 *
 * <p>Listens on loopback only, and stops by itself after {@code --duration} so that no run leaves it behind.
 */
@Command(name = "floor-server", mixinStandardHelpOptions = true,
        description = "A do-nothing WebSocket server on Roster's Jetty, speaking just enough of the protocol for "
                + "op-latency and churn: the floor under Roster's latencies on this machine.")
public final class FloorServerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "18801", description = "Loopback port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--duration", defaultValue = "30m", converter = DurationConverter.class,
            description = "Stops after this long (default: ${DEFAULT-VALUE}).")
    Duration duration;

    private static final JsonFactory JSON = new JsonFactory();

    /** The members of each room, and each open peer's user id (for {@code /api/online}). */
    private final Map<String, Set<Peer>> rooms = new ConcurrentHashMap<>();
    private final Map<Peer, String> open = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("need a --port of 1 to 65535");
        }
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("floor");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler(
                WebSocketServerComponents.ensureWebSocketComponents(server), handler -> {
                    handler.getConfiguration().setIdleTimeout(Duration.ofMinutes(10));
                    handler.addMapping("/ws", (request, response, callback) -> {
                        Fields query = Request.extractQueryParameters(request);
                        String user = query.getValue("user");
                        return new Peer(user == null ? "anonymous" : user);
                    });
                });
        upgrades.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                String body = switch (path) {
                    case "/health/ready", "/health/live" -> "{\"status\":\"ready\"}";
                    case "/api/online" -> online();
                    case "/api/online/count" -> "{\"count\":" + Set.copyOf(open.values()).size() + "}";
                    default -> null;
                };
                if (body == null) {
                    Response.writeError(request, response, callback, 404);
                } else {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                }
                return true;
            }
        });
        server.setHandler(upgrades);
        server.start();
        System.out.println("floor server on ws://127.0.0.1:" + port + "/ws for " + duration);
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            server.stop();
        }
        return 0;
    }

    private String online() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("users");
            for (String user : Set.copyOf(open.values())) {
                json.writeString(user);
            }
            json.writeEndArray();
            json.writeNullField("next");
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String frame(String type, String re, String room, String user, String state) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", type);
            if (re != null) {
                json.writeStringField("re", re);
            }
            if (room != null) {
                json.writeStringField("room", room);
            }
            if (user != null) {
                json.writeStringField("user", user);
            }
            if (state != null) {
                json.writeStringField("state", state);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** One connection: answers each request at once, on the thread that read it, and tells the room's others. */
    private final class Peer implements FrameHandler {
        private final String user;
        private final Set<String> joined = ConcurrentHashMap.newKeySet();
        private volatile CoreSession session;

        Peer(String user) {
            this.user = user;
        }

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            open.put(this, user);
            callback.succeeded();
            send(frame("welcome", null, null, user, "online"));
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                answer(StandardCharsets.UTF_8.decode(frame.getPayload()).toString());
            }
            callback.succeeded();
            session.demand();
        }

        private void answer(String text) {
            String type = null;
            String id = null;
            String room = null;
            String status = null;
            try (JsonParser p = JSON.createParser(text)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    send(frame("error", null, null, null, null));
                    return;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "type" -> type = p.getText();
                        case "id" -> id = p.getText();
                        case "room" -> room = p.getText();
                        case "status" -> status = p.getText();
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                send(frame("error", null, null, null, null));
                return;
            }
            switch (type == null ? "" : type) {
                case "join" -> {
                    joined.add(room);
                    rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(this);
                    send(frame("joined", id, room, null, null));
                    tell(room, "online");
                }
                case "leave" -> {
                    send(frame("left", id, room, null, null));
                    if (joined.remove(room)) {
                        rooms.getOrDefault(room, Set.of()).remove(this);
                        tell(room, "offline");
                    }
                }
                case "status" -> {
                    send(frame("ok", id, null, null, null));
                    for (String r : joined) {
                        tell(r, status);
                    }
                }
                case "ping" -> send(frame("pong", id, null, null, null));
                default -> send(frame("error", id, null, null, null));
            }
        }

        private void tell(String room, String state) {
            String presence = frame("presence", null, room, user, state);
            for (Peer other : rooms.getOrDefault(room, Set.of())) {
                if (other != this) {
                    other.send(presence);
                }
            }
        }

        private void send(String text) {
            CoreSession s = session;
            if (s != null) {
                s.sendFrame(new Frame(OpCode.TEXT).setPayload(text), Callback.NOOP, false);
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            open.remove(this);
            List<String> left = new ArrayList<>(joined);
            joined.clear();
            for (String room : left) {
                rooms.getOrDefault(room, Set.of()).remove(this);
                tell(room, "offline");
            }
            callback.succeeded();
        }
    }
}
