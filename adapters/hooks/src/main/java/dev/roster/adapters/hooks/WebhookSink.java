package dev.roster.adapters.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.roster.application.port.out.DeliveryFailedException;
import dev.roster.application.port.out.EventSink;
import dev.roster.domain.LoggedEvent;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event log to an application's webhook: each batch is one {@code POST} of
 * {@code {"events":[...]}} (each event's {@link LoggedEvent#fields() fields}, in order), signed with
 * {@code Roster-Timestamp} and {@code Roster-Signature} (see {@link WebhookSignature}). Any 2xx answer takes the
 * batch; anything else fails it with a {@link DeliveryFailedException} whose message is one word of
 * {@link #REASONS}, fit for a metric tag, and the application sends it again later.
 *
 * <p>Redirects are not followed: a signed body sent on to wherever a 3xx points would hand the events to a
 * receiver nobody configured. Only a few bytes of an answer are read, and then dropped: a receiver answering with
 * a stream that never ends cannot fill the node's memory, nor hold the delivery past its timeout. Every call is
 * asynchronous, on the sink's own threads, which {@link #close} stops.
 */
public final class WebhookSink implements EventSink, AutoCloseable {
    /** Why a delivery failed, as the failure's message says it; one of these and nothing else. */
    public static final List<String> REASONS = List.of("timeout", "unreachable", "http_3xx", "http_4xx", "http_5xx",
            "error");
    /** The most of an answer's body read: nothing in it is used, the receiver's status says it all. */
    static final int MAX_ANSWER_BYTES = 4 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final WebhookSettings settings;
    private final HttpClient client;
    private final InstantSource clock;
    private final ExecutorService threads;
    private volatile boolean closed;

    public WebhookSink(WebhookSettings settings) {
        this(settings, Executors.newCachedThreadPool(new Daemons()), InstantSource.system());
    }

    private WebhookSink(WebhookSettings settings, ExecutorService threads, InstantSource clock) {
        this(settings, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(threads)
                .build(), clock, threads);
    }

    /** A sink on {@code client}; {@code threads}, when not null, are the client's and stop with the sink. */
    WebhookSink(WebhookSettings settings, HttpClient client, InstantSource clock, ExecutorService threads) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.threads = threads;
    }

    /** A sink with its own client and threads, signing with the time {@code clock} tells. */
    static WebhookSink withClock(WebhookSettings settings, InstantSource clock) {
        return new WebhookSink(settings, Executors.newCachedThreadPool(new Daemons()), clock);
    }

    @Override
    public CompletionStage<Void> deliver(List<LoggedEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed) {
            return CompletableFuture.failedFuture(failed("error", null));
        }
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Optional<byte[]>>> sent;
        try {
            sent = client.sendAsync(request(events), info -> new LimitedBody(MAX_ANSWER_BYTES));
        } catch (JsonProcessingException | RuntimeException e) {
            return CompletableFuture.failedFuture(failed("error", e));
        }
        // the request's own timeout ends the wait for the headers; this one also bounds a body that trickles in,
        // and cancelling the exchange closes its connection rather than leave it to the receiver
        sent.copy().orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((answer, failure) -> {
            if (failure != null) {
                sent.cancel(true);
                delivered.completeExceptionally(failed(reason(failure), Causes.unwrap(failure)));
            } else if (answer.statusCode() / 100 == 2) {
                delivered.complete(null);
            } else {
                delivered.completeExceptionally(failed(reason(answer.statusCode()), null));
            }
        });
        return delivered;
    }

    @Override
    public String describe() {
        return settings.shownUrl();
    }

    /** Stops the sink's threads; a delivery on its way fails, and is sent again by whichever node delivers next. */
    @Override
    public void close() {
        closed = true;
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private HttpRequest request(List<LoggedEvent> events) throws JsonProcessingException {
        byte[] body = JSON.writeValueAsBytes(Map.of("events", events.stream().map(LoggedEvent::fields).toList()));
        long timestamp = clock.instant().getEpochSecond();
        return HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Roster")
                .header("Roster-Timestamp", Long.toString(timestamp))
                .header("Roster-Signature", WebhookSignature.sign(settings.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private DeliveryFailedException failed(String reason, Throwable cause) {
        LOG.debug("webhook {} did not take a batch ({})", settings.shownUrl(), reason, cause);
        return cause == null ? new DeliveryFailedException(reason) : new DeliveryFailedException(reason, cause);
    }

    static String reason(int status) {
        return switch (status / 100) {
            case 3 -> "http_3xx";
            case 4 -> "http_4xx";
            case 5 -> "http_5xx";
            default -> "error";
        };
    }

    static String reason(Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "timeout";
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnresolvedAddressException
                    || c instanceof UnknownHostException || c instanceof NoRouteToHostException) {
                return "unreachable";
            }
        }
        return "error";
    }


    /** The sink's threads: daemons, so that a node that stops without closing the sink still exits. */
    private static final class Daemons implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "roster-webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
