package dev.roster.adapters.javalin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.domain.Activity;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard's feed shows an event of the cluster's log exactly as it showed the activity of the same change,
 * byte for byte, so the page reads both alike; an operator's disconnect is the operator disconnect line.
 */
class LoggedEventViewTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123456789Z");
    private static final UserId ANN = UserId.of("ann");
    private static final RoomId HALL = RoomId.of("hall");
    private static final Session SESSION = new Session(SessionId.of("s1"), ANN, NodeId.of("node-a"), "boot-1",
            "laptop", T0);

    private final ActivityView view = new ActivityView(new ObjectMapper());

    static Stream<PresenceEvent> everyPresenceEvent() {
        return Stream.of(
                new PresenceEvent.UserCameOnline(ANN, Status.BUSY, T0),
                new PresenceEvent.UserWentOffline(ANN, T0),
                new PresenceEvent.StatusChanged(ANN, Status.AWAY, "back \"soon\" <b>", Set.of(HALL), SESSION.id(), T0),
                new PresenceEvent.StatusChanged(ANN, Status.ONLINE, null, Set.of(), null, T0),
                new PresenceEvent.JoinedRoom(ANN, HALL, PresenceState.BUSY, SESSION.id(), T0),
                new PresenceEvent.LeftRoom(ANN, HALL, SESSION.id(), T0),
                new PresenceEvent.LeftRoom(ANN, HALL, null, T0),
                new PresenceEvent.SessionOpened(SESSION, 2, T0),
                new PresenceEvent.SessionClosed(SESSION, 1, T0));
    }

    @ParameterizedTest
    @MethodSource("everyPresenceEvent")
    void an_event_of_the_log_is_the_line_of_the_same_activity(PresenceEvent event) {
        LoggedEvent logged = LoggedEvent.of(event).withId("1-1");
        assertThat(view.of(logged).toString()).isEqualTo(view.of(Activity.of(event)).toString());
    }

    @Test
    void an_operators_disconnect_is_the_operator_disconnect_line() {
        LoggedEvent logged = LoggedEvent.disconnected(SESSION, "admin", T0).withId("1-2");
        Activity line = new Activity.DisconnectedByAdmin(ANN, SESSION.id(), SESSION.node(), "laptop", T0);
        assertThat(view.of(logged).toString()).isEqualTo(view.of(line).toString());
    }

    @Test
    void a_type_the_dashboard_does_not_know_is_shown_by_its_name_and_user() {
        LoggedEvent logged = new LoggedEvent("1-3", "user.renamed", ANN, T0, Map.of("to", "anna"));
        assertThat(view.of(logged).toString())
                .isEqualTo("{\"kind\":\"user.renamed\",\"user\":\"ann\",\"at\":1795809600123}");
    }
}
