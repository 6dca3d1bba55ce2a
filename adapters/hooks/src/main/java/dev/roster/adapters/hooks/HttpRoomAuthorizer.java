package dev.roster.adapters.hooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.domain.AuthorizationUnavailableException;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the application's back end whether a user may join a room: {@code POST} of {@code {"user","room"}} to the
 * hook's address, with the bearer token when one is set. A 200 answer whose body is {@code {"allow":true}} allows;
 * any other answer denies. No answer within the timeout, or no connection, fails with
 * {@link AuthorizationUnavailableException}, so the join is refused.
 *
 * <p>Answers are kept per user and room for the cache time (failures never are), in a bounded cache; asks for the
 * same user and room while one is on its way wait for that one instead of sending another. Every call is
 * asynchronous, on the HTTP client's own threads: the caller's thread never waits.
 */
public final class HttpRoomAuthorizer implements RoomAuthorizer {
    /** The longest answer body read: an answer is a few bytes, anything far longer is not one. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoomAuthorizer.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final HookSettings settings;
    private final HttpClient client;
    private final Cache<Key, Boolean> answers;
    private final Map<Key, CompletableFuture<Boolean>> asking = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Counter cacheHits;
    private final Counter coalesced;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private record Key(UserId user, RoomId room) {
    }

    public HttpRoomAuthorizer(HookSettings settings, MeterRegistry meters) {
        this(settings, meters, HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), Ticker.systemTicker());
    }

    HttpRoomAuthorizer(HookSettings settings, MeterRegistry meters, HttpClient client, Ticker ticker) {
        this.settings = settings;
        this.client = client;
        this.meters = meters;
        this.answers = settings.cacheFor().isZero() ? null : Caffeine.newBuilder()
                .maximumSize(HookSettings.MAX_CACHED)
                .expireAfterWrite(settings.cacheFor())
                .ticker(ticker)
                .build();
        this.cacheHits = Counter.builder("roster.authz.cache.hits")
                .description("Room authorization answers taken from the cache instead of asking the hook")
                .register(meters);
        this.coalesced = Counter.builder("roster.authz.coalesced")
                .description("Room authorization asks that waited for the same ask already on its way")
                .register(meters);
        for (String outcome : new String[] {"allow", "deny", "unavailable"}) {
            timer(outcome);
        }
        for (String reason : new String[] {"timeout", "connection", "error"}) {
            failures(reason);
        }
    }

    @Override
    public CompletionStage<Boolean> allows(UserId user, RoomId room) {
        Key key = new Key(user, room);
        if (answers != null) {
            Boolean known = answers.getIfPresent(key);
            if (known != null) {
                cacheHits.increment();
                return CompletableFuture.completedFuture(known);
            }
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> already = asking.putIfAbsent(key, mine);
        if (already != null) {
            coalesced.increment();
            // a copy, so that no caller can complete or cancel what the others wait for
            return already.copy();
        }
        ask(key).whenComplete((allowed, failure) -> {
            // kept before the ask is forgotten, so that a caller arriving in between finds the answer
            if (failure == null && answers != null) {
                answers.put(key, allowed);
            }
            asking.remove(key, mine);
            if (failure == null) {
                mine.complete(allowed);
            } else {
                mine.completeExceptionally(failure);
            }
        });
        return mine.copy();
    }

    private CompletableFuture<Boolean> ask(Key key) {
        Timer.Sample sample = Timer.start(meters);
        HttpRequest request;
        try {
            request = request(key);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(unavailable(sample, "error", e));
        }
        CompletableFuture<HttpResponse<Optional<byte[]>>> sent;
        try {
            sent = client.sendAsync(request, info -> info.statusCode() == 200 ? new LimitedBody(MAX_BODY_BYTES)
                    : BodySubscribers.replacing(Optional.empty()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable(sample, "error", e));
        }
        // the request's own timeout ends the wait for the headers; this one also bounds a body that trickles in
        return sent.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw unavailable(sample, reason(failure), failure);
                    }
                    boolean allowed = response.statusCode() == 200 && response.body().map(this::allows).orElse(false);
                    sample.stop(timer(allowed ? "allow" : "deny"));
                    if (!allowed) {
                        LOG.debug("the hook denied {} in {} (status {})", key.user(), key.room(),
                                response.statusCode());
                    }
                    return allowed;
                });
    }

    private HttpRequest request(Key key) throws JsonProcessingException {
        byte[] body = JSON.writeValueAsBytes(Map.of("user", key.user().value(), "room", key.room().value()));
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.token() != null) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        return request.build();
    }

    /** Whether an answer's body is exactly an object whose {@code allow} is {@code true}. */
    private boolean allows(byte[] body) {
        try {
            JsonNode answer = JSON.readTree(body);
            return answer != null && answer.isObject() && answer.path("allow").isBoolean()
                    && answer.path("allow").booleanValue();
        } catch (IOException e) {
            return false;
        }
    }

    private AuthorizationUnavailableException unavailable(Timer.Sample sample, String reason, Throwable failure) {
        sample.stop(timer("unavailable"));
        failures(reason).increment();
        Throwable cause = Causes.unwrap(failure);
        long now = System.nanoTime();
        long last = lastWarning.get();
        // a hook that is down fails every join: one line now and then says so without flooding the log
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("room authorization hook {} unavailable ({}): {}", settings.shownUrl(), reason,
                    cause.toString());
        }
        return new AuthorizationUnavailableException("the room authorization hook did not answer (" + reason + ")",
                cause);
    }

    private static String reason(Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException || cause instanceof IOException) {
            return "connection";
        }
        return "error";
    }


    private Timer timer(String outcome) {
        return Timer.builder("roster.authz.requests")
                .description("Calls to the room authorization hook, by what they decided")
                .tag("outcome", outcome)
                .register(meters);
    }

    private Counter failures(String reason) {
        return Counter.builder("roster.authz.failures")
                .description("Calls to the room authorization hook that got no answer, by why")
                .tag("reason", reason)
                .register(meters);
    }
}
