package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.DeliveryFailedException;
import dev.roster.application.port.out.EventSink;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventSink} must do, whatever it hands events to: a batch reaches the receiver once, whole, in
 * order and with every field as {@link LoggedEvent#fields()} has it; a receiver that refuses a batch, or does not
 * answer in time, fails the delivery with {@link DeliveryFailedException} (never a success, never a hang); and a
 * failure does not break the sink for the next batch.
 *
 * <p>An adapter's test makes a sink whose receiver it controls: by default the receiver takes every batch;
 * {@link #refuse()} and {@link #hang()} change that until {@link #accept()}. The sink's own timeout must be well
 * under {@link dev.roster.application.fixtures.Stages#TIMEOUT}, which bounds every wait here.
 */
public abstract class EventSinkContract {
    private static final Instant AT = Instant.parse("2026-12-06T15:00:00.123Z");

    /** A sink of its own for this test, whose receiver takes every batch until told otherwise. */
    protected abstract EventSink newSink() throws Exception;

    /**
     * The batches the receiver took so far (not those it refused or left unanswered), in the order they arrived,
     * each as the list of its events' fields read back from what was sent (whole numbers as {@link Integer} or
     * {@link Long}, either is fine).
     */
    protected abstract List<List<Map<String, Object>>> received() throws Exception;

    /** From now on the receiver refuses every batch (an HTTP receiver answers 500). */
    protected abstract void refuse() throws Exception;

    /** From now on the receiver does not answer at all, far longer than the sink waits. */
    protected abstract void hang() throws Exception;

    /** From now on the receiver takes every batch again. */
    protected abstract void accept() throws Exception;

    /** Releases what {@link #newSink()} took; nothing by default. */
    protected void discard(EventSink sink) throws Exception {
    }

    private EventSink sink;

    @BeforeEach
    final void openSink() throws Exception {
        sink = newSink();
    }

    @AfterEach
    final void discardSink() throws Exception {
        discard(sink);
    }

    /** Events of every kind of field: text with quotes and non-ASCII, null, numbers, one with no details. */
    static List<LoggedEvent> batch(int first, int size) {
        List<LoggedEvent> events = new ArrayList<>();
        for (int n = first; n < first + size; n++) {
            Map<String, Object> details = new LinkedHashMap<>();
            String type;
            switch (n % 4) {
                case 0 -> {
                    type = LoggedEvent.SESSION_OPENED;
                    details.put("session", "s-" + n);
                    details.put("node", "node-a");
                    details.put("device", n % 8 == 0 ? null : "web \u2615");
                    details.put("sessions", n + 1);
                }
                case 1 -> {
                    type = LoggedEvent.USER_STATUS;
                    details.put("state", "busy");
                    details.put("status", "dnd");
                    details.put("text", "in a \"meeting\" \\ #" + n);
                    details.put("session", null);
                }
                case 2 -> {
                    type = LoggedEvent.ROOM_JOINED;
                    details.put("room", "team:" + n + ":general");
                    details.put("state", "online");
                    details.put("session", "s-" + n);
                }
                default -> type = LoggedEvent.USER_OFFLINE;
            }
            events.add(new LoggedEvent("7-" + n, type, UserId.of("user-" + n % 3), AT.plusMillis(n), details));
        }
        return events;
    }

    @Test
    void aBatchReachesTheReceiverOnceInOrderWithEveryField() throws Exception {
        List<LoggedEvent> events = batch(0, 8);

        await(sink.deliver(events));

        List<List<Map<String, Object>>> got = received();
        assertThat(got).as("one batch").hasSize(1);
        assertSameFields(got.get(0), events);
    }

    @Test
    void batchesReachTheReceiverInTheOrderTheyAreDelivered() throws Exception {
        List<LoggedEvent> first = batch(0, 3);
        List<LoggedEvent> second = batch(3, 1);
        List<LoggedEvent> third = batch(4, 5);

        await(sink.deliver(first));
        await(sink.deliver(second));
        await(sink.deliver(third));

        List<List<Map<String, Object>>> got = received();
        assertThat(got).hasSize(3);
        assertSameFields(got.get(0), first);
        assertSameFields(got.get(1), second);
        assertSameFields(got.get(2), third);
    }

    @Test
    void aRefusedBatchFailsTheDelivery() throws Exception {
        refuse();

        assertThatThrownBy(() -> await(sink.deliver(batch(0, 2)))).isInstanceOf(DeliveryFailedException.class);
    }

    @Test
    void aReceiverThatDoesNotAnswerFailsTheDeliveryInsteadOfHangingIt() throws Exception {
        hang();

        // await gives up (and fails the test) after Stages.TIMEOUT: the sink must have failed the batch by then
        assertThatThrownBy(() -> await(sink.deliver(batch(0, 2)))).isInstanceOf(DeliveryFailedException.class);
    }

    @Test
    void aFailedBatchDoesNotBreakTheSinkForTheNextOne() throws Exception {
        refuse();
        assertThatThrownBy(() -> await(sink.deliver(batch(0, 2)))).isInstanceOf(DeliveryFailedException.class);
        hang();
        assertThatThrownBy(() -> await(sink.deliver(batch(0, 2)))).isInstanceOf(DeliveryFailedException.class);
        accept();
        List<LoggedEvent> events = batch(0, 2);

        await(sink.deliver(events));

        List<List<Map<String, Object>>> got = received();
        assertThat(got).as("only the batch taken").hasSize(1);
        assertSameFields(got.get(0), events);
    }

    /** Each event's fields, in order and with the same values: whole numbers compared by value. */
    private static void assertSameFields(List<Map<String, Object>> got, List<LoggedEvent> sent) {
        assertThat(got).as("events in the batch").hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(new ArrayList<>(plain(got.get(i)).entrySet()))
                    .as("the fields of event %d, in order", i)
                    .containsExactlyElementsOf(plain(sent.get(i).fields()).entrySet());
        }
    }

    private static Map<String, Object> plain(Map<String, Object> fields) {
        Map<String, Object> plain = new LinkedHashMap<>();
        fields.forEach((name, value) -> plain.put(name,
                value instanceof Integer || value instanceof Long ? (Object) ((Number) value).longValue() : value));
        return plain;
    }
}
