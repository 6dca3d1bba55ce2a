package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import io.javalin.config.JavalinConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What every request of the node passes first, in front of the WebSocket upgrade and the web framework alike: each
 * answer gets the {@link SecurityHeaders} (pages, JSON, errors, 404s, static files, refused handshakes), and
 * requests that carry an {@code Authorization} header are token attempts, throttled per client address by the
 * {@link SignInThrottle}. An attempt answered 401 is a failure (the header's value is the guess); an attempt from
 * an address that failed too often is answered 429 with {@code Retry-After} before anything else looks at it,
 * whatever token it carries. The client address is the peer's, or the one a trusted proxy forwarded
 * ({@link TrustedProxies}). The WebSocket path is left to its own handshake: its credentials are the user's, not
 * an operator token.
 */
public final class FrontDoor {
    static final String WS_PATH = "/ws";
    static final String VIA = "bearer";

    private final TrustedProxies proxies;
    private final SignInThrottle throttle;

    public FrontDoor(TrustedProxies proxies, SignInThrottle throttle) {
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /**
     * Puts the door in front of the server's handlers. Must come after every other change to the server's handlers,
     * so that it is the outermost and sees every request and every answer.
     */
    public void register(JavalinConfig config) {
        config.jetty.modifyServer(server -> {
            Gate gate = new Gate();
            gate.setHandler(server.getHandler());
            server.setHandler(gate);
            server.setErrorHandler(new Errors());
        });
    }

    /** The address a request's limits are counted against. */
    String client(Request request) {
        return proxies.clientAddress(Request.getRemoteAddr(request),
                String.join(",", request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR)));
    }

    private final class Gate extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            boolean attempt = !WS_PATH.equals(path) && request.getHeaders().contains(HttpHeader.AUTHORIZATION);
            String client = attempt ? client(request) : null;
            Stamped stamped = new Stamped(request, response, path, client,
                    attempt ? request.getHeaders().get(HttpHeader.AUTHORIZATION) : null);
            if (attempt) {
                Duration wait = throttle.refusal(client, VIA);
                if (!wait.isZero()) {
                    refuse(stamped, callback, wait);
                    return true;
                }
            }
            return super.handle(request, stamped, callback);
        }

        private static void refuse(Response response, Callback callback, Duration wait) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            byte[] body = ("{\"error\":{\"code\":\"too_many_attempts\",\"message\":\"too many failed sign-ins from "
                    + "this address; try again in " + seconds + " s\"}}").getBytes(StandardCharsets.UTF_8);
            response.setStatus(429);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpApi.JSON);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    /**
     * The server's own answers to requests that never reach a handler (a request line or headers it cannot take),
     * with the headers too. They are never pages, whatever the type of their body.
     */
    private static final class Errors extends ErrorHandler {
        Errors() {
            setShowStacks(false);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(SecurityHeaders.CSP, SecurityHeaders.DATA_POLICY);
            SecurityHeaders.stamp(response.getHeaders(), Request.getPathInContext(request));
            return super.handle(request, response, callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(SecurityHeaders.CSP, SecurityHeaders.DATA_POLICY);
            SecurityHeaders.stamp(fields, "");
            return super.badMessageError(status, reason, fields);
        }
    }

    /** An answer that gets the headers, and tells a failed token attempt, as it is committed. */
    private final class Stamped extends Response.Wrapper {
        private final String path;
        /** The attempt's client address; null when the request carried no token. */
        private final String client;
        private final String offered;
        private boolean seen;

        Stamped(Request request, Response response, String path, String client, String offered) {
            super(request, response);
            this.path = path;
            this.client = client;
            this.offered = offered;
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (!seen && !isCommitted()) {
                // writes of one answer come one after another, never at once
                seen = true;
                if (getStatus() != 101) {
                    SecurityHeaders.stamp(getHeaders(), path);
                }
                if (client != null && getStatus() == 401) {
                    throttle.failed(client, VIA, path, offered);
                }
            }
            super.write(last, content, callback);
        }
    }
}
