package dev.roster.adapters.javalin.ws;

import dev.roster.domain.Identity;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * One accepted socket as Jetty's core WebSocket server drives it: frames in, assembled into whole messages (text
 * decoded as strict UTF-8; a bad one closes with 1007, one above the limit with 1009), pings answered, and the
 * socket's end reported once. It keeps no buffer between messages, so an idle socket costs only this object.
 * Jetty calls it for one frame at a time and asks for the next only once the last is done.
 */
public final class Socket implements FrameHandler {
    /** What the socket reports to; called on Jetty's threads, never concurrently for one socket. */
    public interface Events {
        /** The connection of a socket that just opened, not yet registered anywhere. */
        Connection connection(CoreSession session, Identity identity, String device);

        /** The socket is open: {@code connection} starts its life (found by others, its session registering). */
        void opened(Connection connection);

        void text(Connection connection, String message);

        void binary(Connection connection);

        /** The socket ended (closed by either side, or failed); may come twice, which must end it only once. */
        void ended(Connection connection);
    }

    private final Events events;
    private final Identity identity;
    private final String device;
    private final long maxMessageBytes;
    private volatile CoreSession session;
    private volatile Connection connection;
    // a message that arrives in more than one frame, while it does
    private byte opcode;
    private byte[] partial;
    private int partialLength;

    /** A socket for {@code identity} on {@code device}, taking messages up to {@code maxMessageBytes}. */
    public Socket(Events events, Identity identity, String device, long maxMessageBytes) {
        this.events = events;
        this.identity = identity;
        this.device = device;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Runs under this socket's lock, as does reading the connection when the socket ends: a graceful stop can close
     * the socket from another thread as soon as {@link Events#opened} made it findable, and its end must then wait
     * for the connection rather than find none (a close on this same thread finds it already set).
     */
    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        synchronized (this) {
            session = coreSession;
            connection = events.connection(coreSession, identity, device);
            events.opened(connection);
        }
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        connection.heard(System.nanoTime());
        switch (frame.getOpCode()) {
            case OpCode.PING -> {
                ByteBuffer payload = frame.hasPayload() ? BufferUtil.copy(frame.getPayload()) : BufferUtil.EMPTY_BUFFER;
                session.sendFrame(new Frame(OpCode.PONG).setPayload(payload), Callback.NOOP, false);
                next(callback);
            }
            case OpCode.TEXT, OpCode.BINARY -> {
                opcode = frame.getOpCode();
                data(frame, callback);
            }
            case OpCode.CONTINUATION -> data(frame, callback);
            // Jetty answers a close itself and then reports the end through onClosed
            case OpCode.CLOSE -> callback.succeeded();
            default -> next(callback);
        }
    }

    private void data(Frame frame, Callback callback) {
        ByteBuffer payload = frame.getPayload();
        int length = frame.getPayloadLength();
        if ((long) partialLength + length > maxMessageBytes) {
            partial = null;
            partialLength = 0;
            callback.failed(new MessageTooLargeException("message larger than " + maxMessageBytes + " bytes"));
            return;
        }
        if (!frame.isFin()) {
            append(payload, length);
            next(callback);
            return;
        }
        boolean text = opcode == OpCode.TEXT;
        if (partial == null) {
            deliver(text, payload, callback);
        } else {
            append(payload, length);
            ByteBuffer whole = ByteBuffer.wrap(partial, 0, partialLength);
            partial = null;
            partialLength = 0;
            deliver(text, whole, callback);
        }
    }

    private void deliver(boolean text, ByteBuffer payload, Callback callback) {
        if (!text) {
            events.binary(connection);
            next(callback);
            return;
        }
        Utf8StringBuilder utf8 = new Utf8StringBuilder(payload == null ? 0 : payload.remaining());
        if (payload != null) {
            utf8.append(payload);
        }
        String message;
        try {
            message = utf8.takeCompleteString(() -> new BadPayloadException("text frame is not valid UTF-8"));
        } catch (BadPayloadException e) {
            callback.failed(e);
            return;
        }
        events.text(connection, message);
        next(callback);
    }

    private void append(ByteBuffer payload, int length) {
        if (length == 0) {
            return;
        }
        if (partial == null) {
            partial = new byte[Math.max(length * 2, 256)];
        } else if (partial.length - partialLength < length) {
            byte[] grown = new byte[Math.max(partial.length * 2, partialLength + length)];
            System.arraycopy(partial, 0, grown, 0, partialLength);
            partial = grown;
        }
        payload.get(partial, partialLength, length);
        partialLength += length;
    }

    private void next(Callback callback) {
        callback.succeeded();
        session.demand();
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        ended();
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        ended();
        callback.succeeded();
    }

    private void ended() {
        Connection open;
        synchronized (this) {
            open = connection;
        }
        if (open != null) {
            events.ended(open);
        }
    }
}
