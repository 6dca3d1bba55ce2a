package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.auth.KeySetUnavailableException;
import dev.roster.adapters.javalin.auth.OriginPolicy;
import dev.roster.adapters.javalin.http.ApiException;
import dev.roster.adapters.javalin.http.Views;
import dev.roster.adapters.javalin.limits.AddressLimits;
import dev.roster.adapters.javalin.limits.AddressLimits.Lease;
import dev.roster.adapters.javalin.limits.AddressLimits.Refused;
import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.Rejection;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.DomainException;
import dev.roster.domain.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Decides a {@code /ws} upgrade before it happens, so that a refusal is a plain HTTP answer with a JSON body
 * {@code {"error":{"code","message"}}}: 503 while the node shuts down, 403 for an {@code Origin} that is present and
 * not allowed (checked first), 401 for credentials that prove nothing, 400 for a bad {@code device} label, and 503
 * for a sound handshake while the store is unavailable (Redis not answering yet, or away), as a socket could not
 * register its session. Limits answer 429 with a flat body {@code {"error":"<code>","message"}} and
 * {@code Retry-After}: {@code too_many_handshakes} and {@code too_many_connections} for the client's address,
 * checked right after the origin so that an address over its limit costs no authentication, and
 * {@code too_many_sessions} when the user has as many sessions as it may. An accepted handshake hands the identity,
 * device, address and its lease on the address's limit to a new socket of the endpoint, with no extensions (ADR 9).
 *
 * <p>The client's address and scheme are the connection's own, unless the peer is a trusted proxy: then they are
 * the ones it forwarded, so that the limits count the client and an https page behind a TLS-terminating proxy is
 * recognized as its own origin.
 */
public final class Handshake implements WebSocketNegotiator {
    /**
     * The upgrade is decided on the request's thread, so an authenticator that answers later is waited for, at most
     * this long; the built-in ones answer before they return, so in practice nothing waits.
     */
    static final Duration AUTH_WAIT = Duration.ofSeconds(5);
    /** The {@code Retry-After} of a refusal for too many sessions: nobody knows when one will close. */
    static final long RETRY_AFTER_SESSIONS_S = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    /** An authenticator that fails unexpectedly fails every handshake: a line every 10 s says so. */
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, Level.ERROR, Duration.ofSeconds(10));
    /** An address over its limits is refused again and again: a line every 10 s tells it, the metrics count all. */
    private static final RateLimitedLog LIMITED = new RateLimitedLog(LOG, Level.INFO, Duration.ofSeconds(10));
    private static final String STORE_UNAVAILABLE = "the presence store is unavailable; try again";

    /** Where the handshake's checks are made and what counts them. */
    public record Checks(OriginPolicy origins, TrustedProxies proxies, AddressLimits addresses, WsMetrics metrics) {
    }

    private final OriginPolicy origins;
    private final TrustedProxies proxies;
    private final AddressLimits addresses;
    private final WsMetrics metrics;
    private final AuthenticateUseCase authenticate;
    private final WsEndpoint endpoint;
    private final Views views;
    private final BooleanSupplier stopping;
    private final BooleanSupplier storeAvailable;

    public Handshake(Checks checks, AuthenticateUseCase authenticate, WsEndpoint endpoint, Views views,
                     BooleanSupplier stopping, BooleanSupplier storeAvailable) {
        this.origins = checks.origins();
        this.proxies = checks.proxies();
        this.addresses = checks.addresses();
        this.metrics = checks.metrics();
        this.authenticate = authenticate;
        this.endpoint = endpoint;
        this.views = views;
        this.stopping = stopping;
        this.storeAvailable = storeAvailable;
    }

    @Override
    public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String peer = Request.getRemoteAddr(request);
        String address = proxies.clientAddress(peer, forwardedFor(request));
        Socket socket = null;
        try {
            socket = check(request, peer, address);
            // no extensions: permessage-deflate would hold a compressor per socket for frames of a few hundred bytes
            response.setExtensions(List.of());
            return socket;
        } catch (ApiException refused) {
            refuse(response, callback, refused, address);
            return null;
        } catch (RuntimeException e) {
            if (socket != null) {
                socket.abandoned();
            }
            throw e;
        }
    }

    private Socket check(Request request, String peer, String address) {
        if (stopping.getAsBoolean()) {
            throw ApiException.unavailable("server shutting down");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            String scheme = proxies.scheme(peer, request.getHttpURI().getScheme(),
                    request.getHeaders().get(HttpHeader.X_FORWARDED_PROTO));
            if (!origins.allows(origin, scheme, request.getHeaders().get(HttpHeader.HOST))) {
                throw new ApiException(403, "forbidden_origin", "origin not allowed: " + origin);
            }
        }
        Lease lease = admit(address);
        try {
            Fields query;
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("the query string is not valid: " + e.getMessage());
            }
            Identity identity = identify(new Credentials(query.getValue("token"), query.getValue("user")));
            String device;
            try {
                device = Session.checkDevice(query.getValue("device"));
            } catch (DomainException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            // after the client's own mistakes, which no retry mends
            if (!storeAvailable.getAsBoolean()) {
                throw ApiException.unavailable(STORE_UNAVAILABLE);
            }
            return endpoint.socket(new Accepted(identity, device, address, lease));
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    private Lease admit(String address) {
        AddressLimits.Admission admission = addresses.admit(address, System.nanoTime());
        if (admission instanceof Refused refused) {
            throw ApiException.tooMany(refused.code(), refused.message(), refused.retryAfterSeconds());
        }
        return (Lease) admission;
    }

    private static String forwardedFor(Request request) {
        List<String> values = request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR);
        return values.isEmpty() ? null : String.join(",", values);
    }

    private Identity identify(Credentials credentials) {
        try {
            return authenticate.authenticate(credentials).toCompletableFuture()
                    .get(AUTH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refusal(Failures.unwrap(e));
        } catch (TimeoutException e) {
            throw ApiException.unavailable("authentication did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while authenticating");
        } catch (RuntimeException e) {
            throw refusal(e);
        }
    }

    private static ApiException refusal(Throwable cause) {
        if (cause instanceof PresenceRejectedException rejected
                && rejected.rejection() == Rejection.TOO_MANY_SESSIONS) {
            return ApiException.tooMany(Rejection.TOO_MANY_SESSIONS.code(), rejected.getMessage(),
                    RETRY_AFTER_SESSIONS_S);
        }
        if (cause instanceof AuthenticationException || cause instanceof DomainException) {
            return ApiException.unauthorized(cause.getMessage());
        }
        if (cause instanceof StoreUnavailableException) {
            return ApiException.unavailable(STORE_UNAVAILABLE);
        }
        if (cause instanceof KeySetUnavailableException) {
            // the identity provider's keys could not be fetched: the token may be good, so try again later
            return ApiException.unavailable(cause.getMessage());
        }
        UNEXPECTED.log("authentication failed unexpectedly", cause);
        return new ApiException(500, "internal", "internal error");
    }

    private void refuse(ServerUpgradeResponse response, Callback callback, ApiException refused, String address) {
        metrics.handshakeRefused(refused.code());
        String body;
        if (refused.flat()) {
            LIMITED.log("refused a handshake from {}: {}", address, refused.code());
            body = views.flatError(refused.code(), refused.getMessage());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, refused.retryAfterSeconds());
        } else {
            LOG.debug("refused a handshake from {}: {} {}", address, refused.status(), refused.code());
            body = views.error(refused.code(), refused.getMessage());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(refused.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
