package dev.roster.extending;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.adapters.jsonlines.JsonLinesSettings;
import dev.roster.adapters.jsonlines.JsonLinesSink;
import dev.roster.application.port.out.EventSink;
import dev.roster.application.port.out.contract.EventSinkContract;
import dev.roster.extending.broker.LineBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EXTENDING.md, step 4, followed for the test-only publisher: it extends the application's {@link EventSinkContract}
 * and says how to make a sink whose receiver (here the stand-in broker) it controls. As the page says for a broker,
 * {@link #received()} groups what the broker took by the batch it came in, read from the {@code roster-batch} header.
 */
class JsonLinesSinkContractTest extends EventSinkContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };
    private LineBroker broker;

    @Override
    protected EventSink newSink() {
        broker = new LineBroker();
        return new JsonLinesSink(new JsonLinesSettings("roster.events.", Duration.ofMillis(300)), broker);
    }

    @Override
    protected List<List<Map<String, Object>>> received() throws Exception {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        String batch = null;
        for (LineBroker.Message message : broker.taken()) {
            if (!message.headers().get("roster-batch").equals(batch)) {
                batch = message.headers().get("roster-batch");
                batches.add(new ArrayList<>());
            }
            batches.get(batches.size() - 1).add(JSON.readValue(message.line(), FIELDS));
        }
        return batches;
    }

    @Override protected void refuse() { broker.answer(LineBroker.Mode.REFUSE); }
    @Override protected void hang()   { broker.answer(LineBroker.Mode.HANG); }
    @Override protected void accept() { broker.answer(LineBroker.Mode.TAKE); }

    @Override
    protected void discard(EventSink sink) {
        ((JsonLinesSink) sink).close();
        broker.close();
    }
}
