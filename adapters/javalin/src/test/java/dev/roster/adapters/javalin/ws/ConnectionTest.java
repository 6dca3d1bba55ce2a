package dev.roster.adapters.javalin.ws;

import dev.roster.domain.RoomGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.limits.QueuedBytes;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.domain.Identity;
import dev.roster.domain.NodeId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.WritePendingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.api.Test;

class ConnectionTest {
    private final CoreSession socket = mock(CoreSession.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Connection connection = new Connection(socket, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
            new ServerFrames(Json.newMapper()), new WsMetrics(registry));
    private final Session session = new Session(SessionId.of("s1"), UserId.of("ann"), NodeId.of("n"), "b", "web",
            Instant.now());

    @Test
    void frames_are_handled_in_order_even_when_an_earlier_one_is_slower() {
        List<String> handled = new ArrayList<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        connection.enqueue(() -> {
            handled.add("join started");
            return slow.thenRun(() -> handled.add("join done"));
        });
        connection.enqueue(() -> {
            handled.add("say");
            return CompletableFuture.completedFuture(null);
        });
        assertThat(handled).containsExactly("join started");

        slow.complete(null);
        assertThat(handled).containsExactly("join started", "join done", "say");
    }

    @Test
    void frames_wait_for_the_connect_step_and_a_failed_step_does_not_stop_the_chain() {
        List<String> handled = new ArrayList<>();
        CompletableFuture<Void> connect = new CompletableFuture<>();
        connection.startWith(connect);
        connection.enqueue(() -> {
            handled.add("first");
            throw new IllegalStateException("a step that breaks");
        });
        connection.enqueue(() -> {
            handled.add("second");
            return CompletableFuture.completedFuture(null);
        });
        assertThat(handled).isEmpty();

        connect.complete(null);
        assertThat(handled).containsExactly("first", "second");
    }

    @Test
    void a_client_with_too_many_frames_waiting_is_closed() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        connection.startWith(never);
        for (int i = 0; i < Connection.MAX_IN_FLIGHT; i++) {
            connection.enqueue(() -> CompletableFuture.completedFuture(null));
        }
        verify(socket, never()).close(anyInt(), anyString(), any());

        connection.enqueue(() -> CompletableFuture.completedFuture(null));
        verify(socket).close(eq(1008), eq("too many frames waiting for a reply"), any());
        assertThat(connection.closeCause()).isEqualTo(CloseCause.BACKLOG);
    }

    @Test
    void a_failed_send_drops_the_connection_and_a_good_one_is_counted() {
        when(socket.isClosed()).thenReturn(false);
        doAnswer(call -> {
            Frame frame = call.getArgument(0);
            Callback callback = call.getArgument(1);
            if (frame.getPayloadAsUTF8().contains("pong")) {
                callback.succeeded();
            } else {
                callback.failed(new java.io.EOFException("reset by peer"));
            }
            return null;
        }).when(socket).sendFrame(any(), any(), anyBoolean());

        connection.send("{\"type\":\"pong\"}", "pong");
        assertThat(registry.get("roster.frames.out").tag("type", "pong").counter().count()).isEqualTo(1);
        verify(socket, never()).abort();

        connection.send("{\"type\":\"message\"}", "message");
        verify(socket).abort();
        assertThat(connection.closeCause()).isEqualTo(CloseCause.SEND_FAILED);
    }

    @Test
    void on_jettys_own_session_text_frames_go_straight_to_its_frame_flusher_in_order_and_bounded() {
        WebSocketCoreSession jetty = mock(WebSocketCoreSession.class);
        WebSocketConnection flusher = mock(WebSocketConnection.class);
        when(jetty.getConnection()).thenReturn(flusher);
        when(jetty.getMaxOutgoingFrames()).thenReturn(3);
        List<OutgoingEntry> entries = new ArrayList<>();
        doAnswer(call -> entries.add(call.getArgument(0))).when(flusher).enqueueFrame(any());
        Connection direct = new Connection(jetty, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
                new ServerFrames(Json.newMapper()), new WsMetrics(registry));

        ByteBuffer broadcast = ByteBuffer.wrap("{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8));
        direct.send(broadcast);
        direct.send("{\"type\":\"pong\"}", "pong");
        direct.send(broadcast);
        // past the session's own layers, whole unmasked text frames, in the order sent; the shared buffer untouched
        verify(jetty, never()).sendFrame(any(), any(), anyBoolean());
        assertThat(entries).extracting(e -> e.getFrame().getPayloadAsUTF8())
                .containsExactly("{\"type\":\"message\"}", "{\"type\":\"pong\"}", "{\"type\":\"message\"}");
        assertThat(entries).allSatisfy(e -> assertThat(e.getFrame().isFin()).isTrue());
        assertThat(entries).allSatisfy(e -> assertThat(e.getFrame().getOpCode()).isEqualTo((byte) 1));
        assertThat(broadcast.position()).isZero();
        assertThat(direct.queuedBytes()).isEqualTo(2 * broadcast.remaining() + "{\"type\":\"pong\"}".length());

        // a fourth frame while three are unwritten: the session's bound on queued frames, a slow consumer
        direct.send(broadcast);
        assertThat(entries).hasSize(3);
        verify(jetty).close(eq(1013), anyString(), any());
        assertThat(direct.closeCause()).isEqualTo(CloseCause.SLOW_CONSUMER);

        // written frames count no more, in bytes or in frames
        entries.forEach(e -> e.getCallback().succeeded());
        assertThat(direct.queuedBytes()).isZero();
        direct.send(broadcast);
        assertThat(entries).hasSize(4);
    }

    @Test
    void a_client_that_lets_too_many_frames_pile_up_is_closed_as_a_slow_consumer() {
        // the socket's own bound on queued frames refuses a send
        doAnswer(call -> {
            Callback callback = call.getArgument(1);
            callback.failed(new WritePendingException());
            return null;
        }).when(socket).sendFrame(any(), any(), anyBoolean());

        connection.send("{\"type\":\"message\"}", "message");
        connection.send("{\"type\":\"message\"}", "message");
        verify(socket, times(1)).close(eq(1013), anyString(), any());
        verify(socket, never()).abort();
        assertThat(connection.closeCause()).isEqualTo(CloseCause.SLOW_CONSUMER);
    }

    @Test
    void a_client_that_does_not_read_is_closed_with_1013_once_its_bytes_would_pass_the_bound() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            Connection bounded = new Connection(socket, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
                    "10.0.0.7", new ServerFrames(Json.newMapper()), new WsMetrics(registry), new QueuedBytes(10_000),
                    timers);
            // the socket takes every frame and writes none: the client does not read
            List<Callback> unwritten = new ArrayList<>();
            doAnswer(call -> unwritten.add(call.getArgument(1))).when(socket).sendFrame(any(), any(), anyBoolean());
            ByteBuffer frame = ByteBuffer.wrap(("{\"type\":\"message\",\"text\":\"" + "x".repeat(970) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 10; i++) {
                bounded.send(frame);
            }
            assertThat(bounded.queuedBytes()).isEqualTo(10 * frame.remaining());
            verify(socket, never()).close(anyInt(), any(), any());

            bounded.send(frame);
            bounded.send(frame);
            // the eleventh is not handed over, and the close is asked for at once
            verify(socket, times(10)).sendFrame(any(), any(), anyBoolean());
            verify(socket, times(1)).close(eq(1013), anyString(), any());
            assertThat(bounded.closeCause()).isEqualTo(CloseCause.SLOW_CONSUMER);
            // what was queued fails once the connection goes: its bytes no longer count...
            unwritten.forEach(c -> c.failed(new java.io.IOException("dropped with the connection")));
            assertThat(bounded.queuedBytes()).isZero();
            // ...and those failures do not turn the close into an abort before its time...
            verify(socket, never()).abort();
            // ...but a client that never completes the close is dropped after the grace
            when(socket.isClosed()).thenReturn(false);
            verify(socket, timeout(Connection.CLOSE_GRACE.toMillis() + 5_000)).abort();
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void a_client_that_reads_keeps_sending_however_much_goes_through_it() {
        Connection bounded = new Connection(socket, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
                "10.0.0.7", new ServerFrames(Json.newMapper()), new WsMetrics(registry), new QueuedBytes(10_000),
                null);
        doAnswer(call -> {
            Callback callback = call.getArgument(1);
            callback.succeeded();
            return null;
        }).when(socket).sendFrame(any(), any(), anyBoolean());
        ByteBuffer frame = ByteBuffer.wrap(("{\"type\":\"message\",\"text\":\"" + "x".repeat(970) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 1_000; i++) {
            bounded.send(frame);
        }
        verify(socket, times(1_000)).sendFrame(any(), any(), anyBoolean());
        verify(socket, never()).close(anyInt(), any(), any());
        assertThat(bounded.queuedBytes()).isZero();
    }

    @Test
    void one_encoded_frame_is_sent_to_many_sockets_without_being_used_up() {
        ByteBuffer encoded = ByteBuffer.wrap("{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8));
        connection.send(encoded);
        connection.send(encoded);
        ArgumentCaptor<Frame> sent = ArgumentCaptor.forClass(Frame.class);
        verify(socket, times(2)).sendFrame(sent.capture(), any(), anyBoolean());
        // the generator consumes a frame's payload as it writes it: each socket gets its own view of the bytes
        sent.getAllValues().get(0).getPayload().position(5);
        assertThat(sent.getAllValues().get(1).getPayloadAsUTF8()).isEqualTo("{\"type\":\"message\"}");
        assertThat(encoded.position()).isZero();
    }

    @Test
    void an_error_frame_is_counted_by_code() {
        connection.sendError(new FrameError("bad_json", "nope", null));
        ArgumentCaptor<Frame> sent = ArgumentCaptor.forClass(Frame.class);
        verify(socket).sendFrame(sent.capture(), any(), anyBoolean());
        assertThat(sent.getValue().getPayloadAsUTF8())
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"nope\"}");
        assertThat(registry.get("roster.errors").tag("code", "bad_json").counter().count()).isEqualTo(1);
    }

    @Test
    void a_session_is_attached_only_while_the_socket_is_open_and_ended_once() {
        AtomicBoolean bound = new AtomicBoolean();
        assertThat(connection.attach(session, () -> bound.set(true))).isTrue();
        assertThat(bound).isTrue();
        assertThat(connection.end()).isEqualTo(session);

        Connection late = new Connection(socket, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
                new ServerFrames(Json.newMapper()), new WsMetrics(new SimpleMeterRegistry()));
        assertThat(late.end()).isNull();
        AtomicBoolean lateBound = new AtomicBoolean();
        assertThat(late.attach(session, () -> lateBound.set(true))).isFalse();
        assertThat(lateBound).isFalse();
    }

    @Test
    void close_reasons_are_cut_to_what_the_protocol_allows() {
        assertThat(Connection.fit("short")).isEqualTo("short");
        assertThat(Connection.fit("é".repeat(100)).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(122);
        assertThat(Connection.fit("x".repeat(10_000))).hasSize(123);
    }
}
