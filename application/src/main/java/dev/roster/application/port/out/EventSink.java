package dev.roster.application.port.out;

import dev.roster.domain.LoggedEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the event log is delivered to: an application's webhook, a message broker, anything that takes a batch of
 * events and says whether it took it. The application delivers the log in order, one batch at a time and across
 * all nodes once, and retries and parks a batch by itself; a sink only hands one batch over, once per call.
 */
public interface EventSink {

    /**
     * Hands these events, in this order, to the receiver. Completes normally when the receiver took them, and
     * fails with {@link DeliveryFailedException} when it refused them or could not be reached in time; the batch
     * is then sent again later, so a receiver may see an event more than once and should drop repeated ids.
     */
    CompletionStage<Void> deliver(List<LoggedEvent> events);

    /** Where this sink delivers, in words for logs and the operators' views, with no credentials in it. */
    String describe();
}
