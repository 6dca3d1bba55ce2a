package dev.roster.adapters.hooks;

import dev.roster.application.port.out.EventSink;
import dev.roster.application.port.out.contract.EventSinkContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The webhook keeps the sink contract, against a real HTTP receiver on a loopback port. */
class WebhookSinkContractTest extends EventSinkContract {
    private static final byte[] SECRET = "a-webhook-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    private WebhookReceiver receiver;

    @Override
    protected EventSink newSink() throws Exception {
        receiver = new WebhookReceiver();
        return new WebhookSink(new WebhookSettings(receiver.url(), SECRET, Duration.ofMillis(500)));
    }

    @Override
    protected List<List<Map<String, Object>>> received() throws Exception {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (WebhookReceiver.Delivery delivery : receiver.taken()) {
            batches.add(delivery.events());
        }
        return batches;
    }

    @Override
    protected void refuse() {
        receiver.answers(WebhookReceiver.status(500));
    }

    @Override
    protected void hang() {
        receiver.answers(WebhookReceiver.hanging());
    }

    @Override
    protected void accept() {
        receiver.answers(WebhookReceiver.status(200));
    }

    @Override
    protected void discard(EventSink sink) {
        ((WebhookSink) sink).close();
        receiver.close();
    }
}
