package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.limits.FrameBudget;
import dev.roster.adapters.javalin.limits.FrameBudget.Verdict;
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
 *
 * <p>Each message takes from the connection's {@link FrameBudget} when its first frame arrives; one over the budget
 * is reported as refused, with its first frame's bytes, and is neither assembled nor decoded, so that a flood costs
 * little more than reading it. Pings and pongs take nothing.
 */
public final class Socket implements FrameHandler {
    /** What the socket reports to; called on Jetty's threads, never concurrently for one socket. */
    public interface Events {
        /** The connection of a socket that just opened, not yet registered anywhere. */
        Connection connection(CoreSession session, Accepted accepted);

        /** The socket is open: {@code connection} starts its life (found by others, its session registering). */
        void opened(Connection connection);

        void text(Connection connection, String message);

        void binary(Connection connection);

        /**
         * A message over the frame budget, dropped unread; {@code firstFrame} is its first frame's payload when it
         * is text (valid only during the call), else null.
         */
        void refused(Connection connection, Verdict verdict, ByteBuffer firstFrame);

        /** The socket ended (closed by either side, or failed); may come twice, which must end it only once. */
        void ended(Connection connection);
    }

    private final Events events;
    private final Accepted accepted;
    private final long maxMessageBytes;
    private final FrameBudget budget;
    private volatile CoreSession session;
    private volatile Connection connection;
    // a message that arrives in more than one frame, while it does
    private byte opcode;
    private byte[] partial;
    private int partialLength;
    // the rest of a refused message, skipped frame by frame
    private boolean skipping;

    /** A socket for {@code identity} on {@code device} with no frame budget, taking up to {@code maxMessageBytes}. */
    public Socket(Events events, Identity identity, String device, long maxMessageBytes) {
        this(events, Accepted.uncounted(identity, device, "unknown"), maxMessageBytes, FrameBudget.unlimited());
    }

    /** The socket of an accepted handshake, taking messages up to {@code maxMessageBytes} within {@code budget}. */
    public Socket(Events events, Accepted accepted, long maxMessageBytes, FrameBudget budget) {
        this.events = events;
        this.accepted = accepted;
        this.maxMessageBytes = maxMessageBytes;
        this.budget = budget;
    }

    /**
     * Runs under this socket's lock, as does reading the connection when the socket ends: a graceful stop can close
     * the socket from another thread as soon as {@link Events#opened} made it findable, and its end must then wait
     * for the connection rather than find none (a close on this same thread finds it already set).
     */
    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        accepted.lease().opened();
        synchronized (this) {
            session = coreSession;
            connection = events.connection(coreSession, accepted);
            events.opened(connection);
        }
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        long now = System.nanoTime();
        connection.heard(now);
        switch (frame.getOpCode()) {
            case OpCode.PING -> {
                ByteBuffer payload = frame.hasPayload() ? BufferUtil.copy(frame.getPayload()) : BufferUtil.EMPTY_BUFFER;
                session.sendFrame(new Frame(OpCode.PONG).setPayload(payload), Callback.NOOP, false);
                next(callback);
            }
            case OpCode.TEXT, OpCode.BINARY -> {
                opcode = frame.getOpCode();
                Verdict verdict = budget.take(now);
                if (verdict == Verdict.ADMIT) {
                    data(frame, callback);
                } else {
                    skipping = !frame.isFin();
                    events.refused(connection, verdict, opcode == OpCode.TEXT ? frame.getPayload() : null);
                    next(callback);
                }
            }
            case OpCode.CONTINUATION -> {
                if (skipping) {
                    skipping = !frame.isFin();
                    next(callback);
                } else {
                    data(frame, callback);
                }
            }
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

    /** The handshake failed after all, before the socket could open: what it holds is let go. */
    void abandoned() {
        accepted.lease().release();
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
        accepted.lease().release();
        Connection open;
        synchronized (this) {
            open = connection;
        }
        if (open != null) {
            events.ended(open);
        }
    }
}
