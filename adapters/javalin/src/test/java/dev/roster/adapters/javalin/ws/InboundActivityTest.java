package dev.roster.adapters.javalin.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InboundActivityTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final InboundActivity activity = new InboundActivity(now::get);
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 50_000);
    private final Socket socket = mock(Socket.class);

    @Test
    void silence_is_measured_from_the_last_byte_read() {
        when(socket.getRemoteSocketAddress()).thenReturn(peer);
        activity.opened(socket);
        now.addAndGet(500);
        assertThat(activity.silentFor(peer)).isEqualTo(500);

        activity.incoming(socket, ByteBuffer.allocate(2));
        now.addAndGet(30);
        assertThat(activity.silentFor(peer)).isEqualTo(30);
    }

    @Test
    void a_peer_not_seen_or_gone_is_unknown() {
        when(socket.getRemoteSocketAddress()).thenReturn(peer);
        assertThat(activity.silentFor(peer)).isEqualTo(-1);
        activity.incoming(socket, ByteBuffer.allocate(1));
        assertThat(activity.silentFor(peer)).isEqualTo(-1);

        activity.opened(socket);
        activity.closed(socket);
        assertThat(activity.silentFor(peer)).isEqualTo(-1);
        assertThat(activity.silentFor(null)).isEqualTo(-1);
    }
}
