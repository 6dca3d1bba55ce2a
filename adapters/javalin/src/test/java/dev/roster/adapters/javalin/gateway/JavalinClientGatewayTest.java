package dev.roster.adapters.javalin.gateway;

import dev.roster.domain.RoomGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

import dev.roster.adapters.javalin.ws.Connection;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.domain.Identity;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.api.Test;

class JavalinClientGatewayTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JavalinClientGateway gateway = new JavalinClientGateway(registry);

    @Test
    void an_event_goes_as_the_same_text_to_every_known_session_and_unknown_ones_are_skipped() {
        CoreSession first = socketOf("s1");
        CoreSession second = socketOf("s2");
        ClientEvent message = new RoomEvent.ChatMessage(RoomId.of("lobby"), UserId.of("ann"), "hi",
                Instant.ofEpochMilli(5), null);

        gateway.deliver(List.of(SessionId.of("s1"), SessionId.of("gone"), SessionId.of("s2")), message);

        String json = "{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"ann\",\"text\":\"hi\",\"at\":5}";
        assertThat(sentText(first)).isEqualTo(json);
        assertThat(sentText(second)).isEqualTo(json);
        assertThat(registry.get("roster.frames.out").tag("type", "message").counter().count()).isEqualTo(2);
    }

    @Test
    void a_frame_for_many_sockets_is_encoded_off_the_heap_and_one_for_few_on_it() {
        java.nio.ByteBuffer many = JavalinClientGateway.encode("{\"é\":1}", JavalinClientGateway.DIRECT_FROM);
        java.nio.ByteBuffer few = JavalinClientGateway.encode("{\"é\":1}", 1);
        assertThat(many.isDirect()).isTrue();
        assertThat(few.isDirect()).isFalse();
        assertThat(many).isEqualTo(few);
        assertThat(many.remaining()).isEqualTo(8);
    }

    @Test
    void disconnect_closes_the_session_s_socket_with_the_reason() {
        CoreSession socket = socketOf("s1");
        gateway.disconnect(SessionId.of("s1"), "removed by an operator");
        gateway.disconnect(SessionId.of("unknown"), "nothing to close");
        verify(socket).close(eq(1000), eq("removed by an operator"), any());
    }

    @Test
    void a_disconnect_that_arrives_before_the_session_is_bound_closes_it_when_it_is() {
        CoreSession socket = mock(CoreSession.class);
        Connection connection = new Connection(socket, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
                gateway.frames(), gateway.metrics());

        gateway.disconnect(SessionId.of("s9"), "removed by an operator");
        verify(socket, never()).close(eq(1000), anyString(), any());
        gateway.connections().bind(SessionId.of("s9"), connection);

        verify(socket).close(eq(1000), eq("removed by an operator"), any());
    }

    @Test
    void nothing_is_sent_when_no_target_is_here() {
        CoreSession socket = socketOf("s1");
        gateway.deliver(List.of(SessionId.of("elsewhere")), new RoomEvent.ChatMessage(RoomId.of("r"),
                UserId.of("ann"), "hi", Instant.now(), null));
        verify(socket, never()).sendFrame(any(), any(), anyBoolean());
    }

    @Test
    void a_large_room_s_sockets_found_for_one_message_serve_the_next_until_a_session_is_bound_or_unbound() {
        RoomId lobby = RoomId.of("lobby");
        List<SessionId> members = new ArrayList<>();
        List<CoreSession> sockets = new ArrayList<>();
        for (int i = 0; i < JavalinClientGateway.RESOLVED_FROM; i++) {
            members.add(SessionId.of("m" + i));
            sockets.add(socketOf("m" + i));
        }
        SessionId late = SessionId.of("late");
        members.add(late);
        ClientEvent hi = new RoomEvent.ChatMessage(lobby, UserId.of("ann"), "hi", Instant.now(), null);

        gateway.deliver(List.copyOf(members), hi);
        gateway.deliver(List.copyOf(members), hi);
        sockets.forEach(socket -> verify(socket, times(2)).sendFrame(any(), any(), anyBoolean()));

        // the late member's socket is bound, the first member's unbound: the next message finds them as they are now
        CoreSession lateSocket = mock(CoreSession.class);
        Connection lateConnection = new Connection(lateSocket, new Identity(UserId.of("bob"), null, RoomGrants.ALL),
                "web", gateway.frames(), gateway.metrics());
        gateway.connections().bind(late, lateConnection);
        gateway.deliver(List.copyOf(members), hi);
        verify(lateSocket, times(1)).sendFrame(any(), any(), anyBoolean());
        verify(sockets.get(0), times(3)).sendFrame(any(), any(), anyBoolean());

        gateway.connections().unbind(members.get(0), gateway.connections().session(members.get(0)));
        gateway.deliver(List.copyOf(members), hi);
        verify(sockets.get(0), times(3)).sendFrame(any(), any(), anyBoolean());
        verify(sockets.get(1), times(4)).sendFrame(any(), any(), anyBoolean());
        verify(lateSocket, times(2)).sendFrame(any(), any(), anyBoolean());

        // other members in the same room: equal ids that are other objects, or another list, are looked up again
        List<SessionId> fewer = List.copyOf(members.subList(1, members.size()));
        gateway.deliver(fewer, hi);
        List<SessionId> copies = members.stream().map(id -> SessionId.of(id.value())).toList();
        gateway.deliver(copies, hi);
        verify(sockets.get(0), times(3)).sendFrame(any(), any(), anyBoolean());
        verify(sockets.get(1), times(6)).sendFrame(any(), any(), anyBoolean());
        verify(lateSocket, times(4)).sendFrame(any(), any(), anyBoolean());
        assertThat(registry.get("roster.frames.out").tag("type", "message").counter().count())
                .isEqualTo(2 * 64 + 65 + 64 + 64 + 64);
    }

    private static String sentText(CoreSession socket) {
        ArgumentCaptor<Frame> sent = ArgumentCaptor.forClass(Frame.class);
        verify(socket).sendFrame(sent.capture(), any(), anyBoolean());
        return sent.getValue().getPayloadAsUTF8();
    }

    private CoreSession socketOf(String session) {
        CoreSession socket = mock(CoreSession.class);
        Connection connection = new Connection(socket, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
                gateway.frames(), gateway.metrics());
        gateway.connections().bind(SessionId.of(session), connection);
        return socket;
    }
}
