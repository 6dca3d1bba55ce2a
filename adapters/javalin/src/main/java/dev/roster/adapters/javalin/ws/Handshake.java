package dev.roster.adapters.javalin.ws;

import dev.roster.adapters.javalin.auth.OriginPolicy;
import dev.roster.adapters.javalin.http.ApiException;
import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.in.AuthenticateUseCase.AuthenticationException;
import dev.roster.application.port.in.AuthenticateUseCase.Credentials;
import dev.roster.application.port.in.AuthenticateUseCase.Identity;
import dev.roster.application.port.out.StoreUnavailableException;
import dev.roster.domain.DomainException;
import dev.roster.domain.Session;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a {@code /ws} upgrade before it happens, so that a refusal is a plain HTTP answer: 403 for an
 * {@code Origin} that is present and not allowed (checked first), 401 for credentials that prove nothing, 400
 * for a bad {@code device} label. An accepted handshake leaves the identity and device for the socket.
 */
public final class Handshake implements Handler {
    public static final String IDENTITY = "roster.identity";
    public static final String DEVICE = "roster.device";
    /**
     * The upgrade is decided inside the servlet call, so an authenticator that answers later is waited for, at most
     * this long; the built-in ones answer before they return, so in practice nothing waits.
     */
    static final Duration AUTH_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    private final OriginPolicy origins;
    private final AuthenticateUseCase authenticate;

    public Handshake(OriginPolicy origins, AuthenticateUseCase authenticate) {
        this.origins = origins;
        this.authenticate = authenticate;
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origins.allows(origin, ctx.scheme(), ctx.header("Host"))) {
            throw new ApiException(403, "forbidden_origin", "origin not allowed: " + origin);
        }
        Identity identity = identify(new Credentials(ctx.queryParam("token"), ctx.queryParam("user")));
        String device;
        try {
            device = Session.checkDevice(ctx.queryParam("device"));
        } catch (DomainException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.attribute(IDENTITY, identity);
        ctx.attribute(DEVICE, device);
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
        if (cause instanceof AuthenticationException || cause instanceof DomainException) {
            return ApiException.unauthorized(cause.getMessage());
        }
        if (cause instanceof StoreUnavailableException) {
            return ApiException.unavailable("the presence store is unavailable; try again");
        }
        LOG.error("authentication failed unexpectedly", cause);
        return new ApiException(500, "internal", "internal error");
    }
}
