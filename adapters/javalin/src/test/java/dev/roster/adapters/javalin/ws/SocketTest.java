package dev.roster.adapters.javalin.ws;

import dev.roster.domain.RoomGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.roster.adapters.javalin.json.Json;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.limits.AddressLimits;
import dev.roster.adapters.javalin.limits.FrameBudget;
import dev.roster.adapters.javalin.limits.FrameBudget.Verdict;
import dev.roster.adapters.javalin.limits.WebLimits;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.domain.Identity;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class SocketTest {
    private final CoreSession session = mock(CoreSession.class);
    private final Connection connection = new Connection(session, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "web",
            new ServerFrames(Json.newMapper()), new WsMetrics(new SimpleMeterRegistry()));
    private final List<String> events = new ArrayList<>();
    private final Socket socket = new Socket(new Socket.Events() {
        @Override
        public Connection connection(CoreSession coreSession, Accepted accepted) {
            events.add("connection " + accepted.identity().user().value() + " " + accepted.device());
            return connection;
        }

        @Override
        public void opened(Connection c) {
            events.add(c == connection ? "opened" : "opened another connection");
        }

        @Override
        public void text(Connection c, String message) {
            events.add("text " + message);
        }

        @Override
        public void binary(Connection c) {
            events.add("binary");
        }

        @Override
        public void refused(Connection c, Verdict verdict, ByteBuffer firstFrame) {
            events.add("refused " + verdict + (firstFrame == null ? "" : " "
                    + StandardCharsets.UTF_8.decode(firstFrame.duplicate())));
        }

        @Override
        public void ended(Connection c) {
            events.add("ended");
        }
    }, new Identity(UserId.of("ann"), null, RoomGrants.ALL), "phone", 16);

    @BeforeEach
    void open() {
        Outcome opened = new Outcome();
        socket.onOpen(session, opened);
        assertThat(opened.result()).isEqualTo("ok");
    }

    @Test
    void a_whole_text_frame_is_one_message() {
        assertThat(frame(new Frame(OpCode.TEXT, "{\"a\":1}"))).isEqualTo("ok");
        assertThat(events).containsExactly("connection ann phone", "opened", "text {\"a\":1}");
    }

    @Test
    void fragments_are_assembled_into_one_message_even_across_a_split_character() {
        byte[] word = "né".getBytes(StandardCharsets.UTF_8);
        assertThat(frame(new Frame(OpCode.TEXT, false, ByteBuffer.wrap(word, 0, 2)))).isEqualTo("ok");
        assertThat(frame(new Frame(OpCode.CONTINUATION, false, ByteBuffer.wrap(word, 2, 1)))).isEqualTo("ok");
        assertThat(frame(new Frame(OpCode.CONTINUATION, true, ByteBuffer.wrap("!".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo("ok");
        assertThat(events).containsExactly("connection ann phone", "opened", "text né!");

        assertThat(frame(new Frame(OpCode.TEXT, "next"))).isEqualTo("ok");
        assertThat(events).endsWith("text next");
    }

    @Test
    void a_text_frame_that_is_not_utf_8_fails_without_a_message() {
        Frame bad = new Frame(OpCode.TEXT, ByteBuffer.wrap(new byte[] {'a', (byte) 0xC3, (byte) 0x28}));
        assertThat(frame(bad)).isEqualTo(BadPayloadException.class.getSimpleName());
        assertThat(events).containsExactly("connection ann phone", "opened");
    }

    @Test
    void a_message_over_the_limit_fails_whole_or_in_fragments() {
        assertThat(frame(new Frame(OpCode.TEXT, "x".repeat(17)))).isEqualTo("MessageTooLargeException");
        assertThat(frame(new Frame(OpCode.TEXT, false, ByteBuffer.wrap("x".repeat(10).getBytes()))))
                .isEqualTo("ok");
        assertThat(frame(new Frame(OpCode.CONTINUATION, true, ByteBuffer.wrap("x".repeat(7).getBytes()))))
                .isEqualTo(MessageTooLargeException.class.getSimpleName());
        assertThat(events).containsExactly("connection ann phone", "opened");
        // the socket takes messages again once a failed one is dropped
        assertThat(frame(new Frame(OpCode.TEXT, "x".repeat(16)))).isEqualTo("ok");
        assertThat(events).endsWith("text " + "x".repeat(16));
    }

    @Test
    void a_binary_message_is_reported_once_it_is_complete() {
        assertThat(frame(new Frame(OpCode.BINARY, false, ByteBuffer.wrap(new byte[] {1, 2})))).isEqualTo("ok");
        assertThat(events).containsExactly("connection ann phone", "opened");
        assertThat(frame(new Frame(OpCode.CONTINUATION, true, ByteBuffer.wrap(new byte[] {3})))).isEqualTo("ok");
        assertThat(events).containsExactly("connection ann phone", "opened", "binary");
    }

    @Test
    void a_ping_is_answered_with_a_pong_of_the_same_payload() {
        assertThat(frame(new Frame(OpCode.PING, "are you there"))).isEqualTo("ok");
        ArgumentCaptor<Frame> sent = ArgumentCaptor.forClass(Frame.class);
        verify(session).sendFrame(sent.capture(), any(), anyBoolean());
        assertThat(sent.getValue().getOpCode()).isEqualTo(OpCode.PONG);
        assertThat(sent.getValue().getPayloadAsUTF8()).isEqualTo("are you there");
    }

    @Test
    void any_frame_counts_as_hearing_from_the_peer() throws InterruptedException {
        long before = System.nanoTime();
        Thread.sleep(2);
        frame(new Frame(OpCode.PONG));
        assertThat(connection.silentFor(System.nanoTime())).isLessThan(System.nanoTime() - before);
    }

    @Test
    void an_end_reported_while_the_socket_opens_waits_for_its_connection() throws Exception {
        java.util.concurrent.CountDownLatch opening = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Connection> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        Socket slow = new Socket(new Socket.Events() {
            @Override
            public Connection connection(CoreSession coreSession, Accepted accepted) {
                return connection;
            }

            @Override
            public void opened(Connection c) {
                // findable now: a graceful stop on another thread may close the socket at this very moment
                opening.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void text(Connection c, String message) {
            }

            @Override
            public void binary(Connection c) {
            }

            @Override
            public void refused(Connection c, Verdict verdict, ByteBuffer firstFrame) {
            }

            @Override
            public void ended(Connection c) {
                ended.add(c);
            }
        }, new Identity(UserId.of("bob"), null, RoomGrants.ALL), "web", 16);
        Thread opener = new Thread(() -> slow.onOpen(session, new Outcome()));
        opener.start();
        opening.await();
        Thread closer = new Thread(() -> slow.onClosed(CloseStatus.NO_CODE_STATUS, new Outcome()));
        closer.start();
        closer.join(200);
        // the end waits for the open instead of finding no connection and reporting nothing
        assertThat(ended).isEmpty();
        release.countDown();
        opener.join();
        closer.join();
        assertThat(ended).containsExactly(connection);
    }

    @Test
    void close_and_error_both_report_the_end() {
        socket.onClosed(CloseStatus.NO_CODE_STATUS, new Outcome());
        socket.onError(new IllegalStateException("gone"), new Outcome());
        assertThat(events).containsExactly("connection ann phone", "opened", "ended", "ended");
    }

    @Test
    void a_message_over_the_budget_is_refused_unread_its_fragments_skipped_and_pings_take_nothing()
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        // one frame at once, refilled every half second
        Socket limited = new Socket(recording(seen), Accepted.uncounted(new Identity(UserId.of("ann"), null,
                RoomGrants.ALL), "web", "10.0.0.1"), 1 << 20,
                FrameBudget.of(WebLimits.DEFAULTS.withFrames(2, 1), System.nanoTime()));
        limited.onOpen(session, new Outcome());
        assertThat(frame(limited, new Frame(OpCode.TEXT, "{\"id\":1}"))).isEqualTo("ok");
        // not valid UTF-8, and yet no 1007: a refused message is never decoded
        assertThat(frame(limited, new Frame(OpCode.TEXT, false, ByteBuffer.wrap(new byte[] {'{', (byte) 0xC3}))))
                .isEqualTo("ok");
        assertThat(frame(limited, new Frame(OpCode.CONTINUATION, true, ByteBuffer.wrap(new byte[] {'x'}))))
                .isEqualTo("ok");
        assertThat(frame(limited, new Frame(OpCode.PING, "still there?"))).isEqualTo("ok");
        assertThat(seen).containsExactly("text {\"id\":1}", "refused ANSWER");

        Thread.sleep(600);
        assertThat(frame(limited, new Frame(OpCode.TEXT, "{\"id\":2}"))).isEqualTo("ok");
        assertThat(seen).containsExactly("text {\"id\":1}", "refused ANSWER", "text {\"id\":2}");
    }

    @Test
    void the_lease_on_the_address_counts_from_the_open_to_the_end() {
        AddressLimits addresses = AddressLimits.of(WebLimits.DEFAULTS.withConnectionsPerAddress(1));
        AddressLimits.Lease lease = (AddressLimits.Lease) addresses.admit("10.0.0.9", System.nanoTime());
        Socket counted = new Socket(recording(new ArrayList<>()), new Accepted(new Identity(UserId.of("ann"), null,
                RoomGrants.ALL), "web", "10.0.0.9", lease), 16, FrameBudget.unlimited());
        counted.onOpen(session, new Outcome());
        assertThat(addresses.connections("10.0.0.9")).isEqualTo(1);

        counted.onClosed(CloseStatus.NO_CODE_STATUS, new Outcome());
        counted.onError(new IllegalStateException("and then an error"), new Outcome());
        assertThat(addresses.connections("10.0.0.9")).isZero();
        assertThat(addresses.admit("10.0.0.9", System.nanoTime())).isInstanceOf(AddressLimits.Lease.class);
    }

    private Socket.Events recording(List<String> seen) {
        return new Socket.Events() {
            @Override
            public Connection connection(CoreSession coreSession, Accepted accepted) {
                return connection;
            }

            @Override
            public void opened(Connection c) {
            }

            @Override
            public void text(Connection c, String message) {
                seen.add("text " + message);
            }

            @Override
            public void binary(Connection c) {
                seen.add("binary");
            }

            @Override
            public void refused(Connection c, Verdict verdict, ByteBuffer firstFrame) {
                seen.add("refused " + verdict);
            }

            @Override
            public void ended(Connection c) {
                seen.add("ended");
            }
        };
    }

    private String frame(Frame frame) {
        return frame(socket, frame);
    }

    private static String frame(Socket socket, Frame frame) {
        Outcome outcome = new Outcome();
        socket.onFrame(frame, outcome);
        return outcome.result();
    }

    /** What a callback was completed with: "ok", the failure's simple class name, or null when not at all. */
    private static final class Outcome implements Callback {
        private final AtomicReference<String> result = new AtomicReference<>();

        @Override
        public void succeeded() {
            result.set("ok");
        }

        @Override
        public void failed(Throwable x) {
            result.set(x.getClass().getSimpleName());
        }

        String result() {
            return result.get();
        }
    }
}
