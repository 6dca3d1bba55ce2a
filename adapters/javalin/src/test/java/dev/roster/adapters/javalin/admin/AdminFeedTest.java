package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.junit.PerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's live feed on a real server: viewers that hang up while events flow, a server that ends their
 * requests, a viewer that stops reading, and clients that ask for something else than an event stream.
 */
class AdminFeedTest {
    /** More lines than this means a failure repeated; one or two say that something went wrong once. */
    private static final int FEW_LINES = 2;
    @RegisterExtension
    static final PerClass<AdminNode> NODE = PerClass.of(AdminNode::new);

    @Test
    void viewersThatHangUpWhileEventsFlowAreDroppedQuietlyAndTheOthersKeepTheirFeed() throws Exception {
        try (WarningLog warnings = WarningLog.attach();
             RawFeed watcher = RawFeed.open(NODE.get().port(), "text/event-stream")) {
            NODE.get().activity("watcher-ready");
            watcher.await("watcher-ready");
            AtomicBoolean flowing = new AtomicBoolean(true);
            Thread flood = new Thread(() -> {
                for (int i = 0; i < 50_000 && flowing.get(); i++) {
                    NODE.get().activity("during-" + i);
                    if (i % 50 == 0) {
                        pause(1);
                    }
                }
            }, "activity-flood");
            flood.start();
            try {
                for (int round = 0; round < 5; round++) {
                    List<RawFeed> leavers = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        leavers.add(RawFeed.open(NODE.get().port(), "text/event-stream"));
                    }
                    for (RawFeed leaver : leavers) {
                        leaver.await("during-");
                    }
                    // half reset the connection as a crashed browser does, half close it as a closed tab does
                    for (int i = 0; i < leavers.size(); i++) {
                        if (i % 2 == 0) {
                            leavers.get(i).hangUp();
                        } else {
                            leavers.get(i).close();
                        }
                    }
                }
                // a closed connection shows only when written to: events go on until every leaver has been dropped
                long deadline = System.nanoTime() + RawFeed.WAIT.toNanos();
                for (int i = 0; NODE.get().admin.viewers() > 1 && System.nanoTime() < deadline; i++) {
                    NODE.get().activity("nudge-" + i);
                    pause(5);
                }
                assertThat(NODE.get().admin.viewers()).isEqualTo(1);
            } finally {
                flowing.set(false);
                flood.join(RawFeed.WAIT.toMillis());
            }
            NODE.get().activity("after-hangups");
            watcher.await("after-hangups");
            assertThat(warnings.count()).as(warnings.firstLines()).isLessThanOrEqualTo(FEW_LINES);
        }
    }

    @Test
    void eventsAfterTheServerEndedAViewersRequestAreNotWrittenAndFailNothing() {
        AdminNode own = new AdminNode();
        try (WarningLog warnings = WarningLog.attach();
             RawFeed viewer = RawFeed.open(own.port(), "text/event-stream")) {
            own.activity("before-stop");
            viewer.await("before-stop");
            // the server ends every request it still has, this feed's too, while the dashboard goes on
            own.server.stop();
            for (int i = 0; i < 200; i++) {
                own.activity("after-stop-" + i);
            }
            Awaitility.await().atMost(RawFeed.WAIT).until(() -> own.admin.viewers() == 0);
            own.activity("last");
            viewer.awaitEnd();
            assertThat(viewer.text()).doesNotContain("after-stop-");
            assertThat(warnings.count()).as(warnings.firstLines()).isLessThanOrEqualTo(FEW_LINES);
        } finally {
            own.close();
        }
    }

    @Test
    void aViewerThatStopsReadingIsDroppedWhenItsQueueIsFullAndItsRequestEnded() {
        int queue = 200;
        AdminNode own = new AdminNode(queue);
        try (WarningLog warnings = WarningLog.attach();
             RawFeed stalled = RawFeed.openUnread(own.port())) {
            Awaitility.await().atMost(RawFeed.WAIT).until(() -> own.admin.viewers() == 1);
            // far more than the connection's buffers and the queue hold together, as long as it takes
            for (int i = 0; i < 200_000 && own.admin.viewers() == 1; i++) {
                own.activity("burst-" + i);
            }
            assertThat(own.admin.viewers()).isZero();

            // its stream was answered and is now ended by the server (how much of the burst got out before the
            // queue filled depends on the scheduling of the writes, so only the end is certain)
            stalled.startReading();
            stalled.awaitEnd();
            assertThat(stalled.head()).startsWith("HTTP/1.1 200");

            try (RawFeed next = RawFeed.open(own.port(), "text/event-stream")) {
                own.activity("after-drop");
                next.await("after-drop");
            }
            assertThat(warnings.count()).as(warnings.firstLines()).isLessThanOrEqualTo(FEW_LINES);
        } finally {
            own.close();
        }
    }

    @Test
    void aClientThatAcceptsOnlyOtherTypesGets406WithTheErrorBody() {
        try (RawFeed json = RawFeed.open(NODE.get().port(), "application/json")) {
            json.await("}}");
            assertThat(json.text()).startsWith("HTTP/1.1 406").containsIgnoringCase("content-type: application/json")
                    .contains("{\"error\":{\"code\":\"not_acceptable\",\"message\":\"");
        }
    }

    @Test
    void aClientWithoutAnAcceptHeaderOrWithAWildcardGetsTheStream() {
        for (String accept : new String[] {null, "*/*", "text/*", "text/event-stream"}) {
            try (RawFeed feed = RawFeed.open(NODE.get().port(), accept)) {
                String user = "accept-" + (accept == null ? "none" : accept.replace('/', '-').replace('*', 'x'));
                feed.await("\r\n\r\n");
                NODE.get().activity(user);
                feed.await("\"user\":\"" + user + "\"");
                assertThat(feed.text()).as(String.valueOf(accept)).startsWith("HTTP/1.1 200")
                        .containsIgnoringCase("content-type: text/event-stream");
            }
        }
    }

    @Test
    void theAcceptHeaderIsReadAsHttpContentNegotiationReadsIt() {
        assertThat(LiveFeed.acceptsEventStream(null)).isTrue();
        assertThat(LiveFeed.acceptsEventStream("")).isTrue();
        assertThat(LiveFeed.acceptsEventStream("text/event-stream")).isTrue();
        assertThat(LiveFeed.acceptsEventStream("Text/Event-Stream")).isTrue();
        assertThat(LiveFeed.acceptsEventStream("application/json, */*;q=0.1")).isTrue();
        assertThat(LiveFeed.acceptsEventStream("text/*")).isTrue();
        assertThat(LiveFeed.acceptsEventStream("application/json")).isFalse();
        assertThat(LiveFeed.acceptsEventStream("text/html, application/xhtml+xml")).isFalse();
        assertThat(LiveFeed.acceptsEventStream("text/event-stream;q=0, application/json")).isFalse();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
