package dev.roster.adapters.javalin.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.adapters.javalin.http.Views;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.application.port.in.EventDeliveryUseCase.DeliveryStatus;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.QueryPresenceUseCase.NodeView;
import dev.roster.application.port.in.QueryPresenceUseCase.UserPage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.domain.DeadLetter;
import dev.roster.domain.RoomId;
import java.time.Duration;
import java.util.List;

/** The JSON bodies of the dashboard's API: the cluster and its nodes, users, a room, the chart, errors. */
final class AdminViews {
    private final ObjectMapper json;
    private final ServerFrames frames;
    private final Views views;

    AdminViews(ServerFrames frames) {
        this.json = frames.mapper();
        this.frames = frames;
        this.views = new Views(frames);
    }

    /**
     * The cluster: its online count, the lease nodes renew, and each live node with how long ago it renewed it.
     *
     * @param nowMillis the time the lease ages are measured at, in epoch milliseconds
     */
    ObjectNode summary(long online, List<NodeView> nodes, Duration lease, long nowMillis) {
        ObjectNode body = json.createObjectNode().put("online", online).put("leaseMs", lease.toMillis());
        ArrayNode list = body.putArray("nodes");
        nodes.forEach(n -> list.addObject().put("node", n.id().node().value()).put("boot", n.id().boot())
                .put("sessions", n.sessions()).put("heartbeatAt", n.heartbeatAt().toEpochMilli())
                .put("leaseAgeMs", nowMillis - n.heartbeatAt().toEpochMilli()));
        return body;
    }

    ObjectNode users(UserPage page) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("users");
        page.users().forEach(u -> list.add(views.userNode(u, false)));
        body.put("next", page.next());
        return body;
    }

    /** One user with each of its sessions. */
    ObjectNode user(UserView user) {
        return views.userNode(user, true);
    }

    ObjectNode room(RoomId room, List<Member> members) {
        ObjectNode body = json.createObjectNode().put("room", room.value());
        body.set("members", frames.members(members));
        return body;
    }

    /** The chart's points, each {@code [at, online]}. */
    ObjectNode history(List<OnlineHistory.Point> points) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("points");
        points.forEach(p -> list.addArray().add(p.at()).add(p.online()));
        return body;
    }

    /**
     * The webhook panel: {@code delivery}, the delivery as the API's {@code /api/webhooks} shows it, and
     * {@code deadLetters}, the newest dead letters as {@code /api/webhooks/dead} lists them.
     */
    ObjectNode webhooks(boolean enabled, DeliveryStatus status, List<DeadLetter> letters) {
        ObjectNode body = json.createObjectNode();
        body.set("delivery", views.delivery(enabled, status));
        body.set("deadLetters", views.deadLetters(letters).path("deadLetters"));
        return body;
    }

    /** How many sessions an operator's disconnect closed. */
    ObjectNode closed(int sessions) {
        return json.createObjectNode().put("closed", sessions);
    }

    ObjectNode csrf(String token) {
        return json.createObjectNode().put("csrf", token);
    }

    /** The live feed's count event: the cluster's online count at a time, in epoch milliseconds. */
    String count(long online, long atMillis) {
        return json.createObjectNode().put("online", online).put("at", atMillis).toString();
    }

    ObjectNode error(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }
}
