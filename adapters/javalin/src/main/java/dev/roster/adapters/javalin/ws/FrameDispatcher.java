package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.application.port.in.JoinRoomUseCase;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.LeaveRoomUseCase;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.in.SayUseCase;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.in.SetStatusUseCase;
import dev.roster.application.port.in.SetStatusUseCase.StatusCommand;
import dev.roster.application.port.in.WhoUseCase;
import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.domain.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Hands one decoded client frame to its use case and answers with the reply or the error frame. */
public final class FrameDispatcher {
    private final JoinRoomUseCase join;
    private final LeaveRoomUseCase leave;
    private final SetStatusUseCase setStatus;
    private final SayUseCase say;
    private final WhoUseCase who;
    private final ServerFrames frames;

    public FrameDispatcher(JoinRoomUseCase join, LeaveRoomUseCase leave, SetStatusUseCase setStatus, SayUseCase say,
                           WhoUseCase who, ServerFrames frames) {
        this.join = join;
        this.leave = leave;
        this.setStatus = setStatus;
        this.say = say;
        this.who = who;
        this.frames = frames;
    }

    /** Completes once the reply (or error) is handed to the socket; never completes exceptionally. */
    public CompletionStage<Void> handle(Connection connection, Decoded decoded) {
        Session session = connection.session();
        if (session == null) {
            // connect failed and the socket is closing: there is no session to act for
            return CompletableFuture.completedFuture(null);
        }
        if (decoded instanceof Decoded.Invalid invalid) {
            connection.sendError(invalid.error());
            return CompletableFuture.completedFuture(null);
        }
        Decoded.Valid valid = (Decoded.Valid) decoded;
        JsonNode re = valid.re();
        CompletionStage<Reply> reply;
        try {
            reply = reply(connection, session, valid.frame(), re);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((answer, failure) -> {
            if (failure != null) {
                connection.sendError(Failures.toFrameError(failure, re));
            } else if (answer != null) {
                connection.send(answer.json(), answer.type());
            }
            return null;
        });
    }

    private CompletionStage<Reply> reply(Connection connection, Session session, ClientFrame frame, JsonNode re) {
        if (frame instanceof ClientFrame.Join join) {
            // the rooms the credentials grant decide first; the use case asks further only for the others
            return this.join.join(new JoinCommand(session, join.room(), connection.identity().rooms()))
                    .thenApply(members -> new Reply("joined", frames.joined(join.room(), members, re)));
        }
        if (frame instanceof ClientFrame.Leave leave) {
            return this.leave.leave(new RoomCommand(session, leave.room()))
                    .thenApply(done -> new Reply("left", frames.left(leave.room(), re)));
        }
        if (frame instanceof ClientFrame.SetStatus status) {
            return setStatus.setStatus(new StatusCommand(session, status.status(), status.text()))
                    .thenApply(done -> new Reply("ok", frames.ok(re)));
        }
        if (frame instanceof ClientFrame.Say say) {
            // no reply: the sender hears its own message like every other member
            return this.say.say(new SayCommand(session, say.room(), say.text())).thenApply(done -> null);
        }
        if (frame instanceof ClientFrame.Who who) {
            return this.who.who(new WhoCommand(session, who.room(), who.limit(), who.cursor()))
                    .thenApply(page -> new Reply("members", frames.members(who.room(), page, re)));
        }
        return CompletableFuture.completedFuture(new Reply("pong", frames.pong(re)));
    }

    private record Reply(String type, String json) {
    }
}
