package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.roster.application.port.out.ControlBus.ControlMessage;
import dev.roster.application.port.out.ControlBus.Disconnect;
import dev.roster.application.port.out.ControlBus.Disconnected;
import dev.roster.domain.NodeId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Control messages as JSON on the control channel, written and read as token streams like the other codecs.
 *
 * <p>The format is the one the tree-based code wrote, byte for byte: {@code request} and {@code type} first, then a
 * disconnect's {@code fromBoot}, {@code user}, {@code session} and {@code reason}, or a reply's {@code toBoot},
 * {@code node} and {@code closed}; an absent user, session or node is left out, the other absent fields are
 * {@code null}. Reading accepts what the tree-based code accepted: fields in any order (the last of a repeated one
 * counts), unknown fields skipped, {@code null} as absent, scalars converted as a tree's {@code asText()} and
 * {@code asInt()} would.
 */
final class ControlCodec {
    private final JsonFactory factory = new JsonFactory();

    String control(ControlMessage message) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("request", message.request());
            if (message instanceof Disconnect d) {
                g.writeStringField("type", "disconnect");
                g.writeStringField("fromBoot", d.fromBoot());
                if (d.user() != null) {
                    g.writeStringField("user", d.user().value());
                }
                if (d.session() != null) {
                    g.writeStringField("session", d.session().value());
                }
                g.writeStringField("reason", d.reason());
            } else if (message instanceof Disconnected d) {
                g.writeStringField("type", "disconnected");
                g.writeStringField("toBoot", d.toBoot());
                if (d.node() != null) {
                    g.writeStringField("node", d.node().value());
                }
                g.writeNumberField("closed", d.closed());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The message in {@code text}. Its fields are converted once the whole object has been read, so that malformed
     * JSON is reported as such before any value that does not convert.
     */
    ControlMessage control(String text) {
        // a missing field reads as a tree's missing node would: "" for the text fields, 0 for the count
        String request = "";
        String type = "";
        String fromBoot = null;
        String toBoot = null;
        String user = null;
        String session = null;
        String node = null;
        String reason = null;
        int closed = 0;
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                String field;
                while ((field = p.nextFieldName()) != null) {
                    p.nextToken();
                    switch (field) {
                        case "request" -> request = JsonValues.text(p);
                        case "type" -> type = JsonValues.text(p);
                        case "fromBoot" -> fromBoot = JsonValues.textOrNull(p);
                        case "toBoot" -> toBoot = JsonValues.textOrNull(p);
                        case "user" -> user = JsonValues.textOrNull(p);
                        case "session" -> session = JsonValues.textOrNull(p);
                        case "node" -> node = JsonValues.textOrNull(p);
                        case "reason" -> reason = JsonValues.textOrNull(p);
                        case "closed" -> closed = JsonValues.asInt(p);
                        default -> p.skipChildren();
                    }
                }
            } else {
                // anything but an object has none of the fields
                p.skipChildren();
            }
        } catch (IOException e) {
            throw JsonValues.notJson(e);
        }
        switch (type) {
            case "disconnect":
                return new Disconnect(request, fromBoot, JsonValues.get(user, UserId::of),
                        JsonValues.get(session, SessionId::of), reason);
            case "disconnected":
                return new Disconnected(request, toBoot, JsonValues.get(node, NodeId::of), closed);
            default:
                throw new IllegalArgumentException("not a control message: " + text);
        }
    }
}
