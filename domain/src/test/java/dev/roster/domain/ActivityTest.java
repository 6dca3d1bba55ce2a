package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every presence event makes one feed line of its own kind, carrying what the event says. */
class ActivityTest {
    private static final Instant AT = Instant.parse("2026-11-27T20:00:00Z");
    private static final UserId ANN = UserId.of("ann");
    private static final RoomId HALL = RoomId.of("hall");
    private static final SessionId S1 = SessionId.of("s1");
    private static final Session SESSION = new Session(S1, ANN, NodeId.of("node-a"), "boot-1", "phone", AT);

    @Test
    void everyPresenceEventIsOneLine() {
        assertThat(Activity.of(new PresenceEvent.UserCameOnline(ANN, Status.BUSY, AT)))
                .isEqualTo(new Activity.CameOnline(ANN, PresenceState.BUSY, AT));
        assertThat(Activity.of(new PresenceEvent.UserWentOffline(ANN, AT)))
                .isEqualTo(new Activity.WentOffline(ANN, AT));
        assertThat(Activity.of(new PresenceEvent.StatusChanged(ANN, Status.AWAY, "lunch", Set.of(HALL), S1, AT)))
                .isEqualTo(new Activity.StatusChanged(ANN, PresenceState.AWAY, "lunch", S1, AT));
        assertThat(Activity.of(new PresenceEvent.JoinedRoom(ANN, HALL, PresenceState.ONLINE, S1, AT)))
                .isEqualTo(new Activity.JoinedRoom(ANN, HALL, PresenceState.ONLINE, S1, AT));
        assertThat(Activity.of(new PresenceEvent.LeftRoom(ANN, HALL, null, AT)))
                .isEqualTo(new Activity.LeftRoom(ANN, HALL, null, AT));
        assertThat(Activity.of(new PresenceEvent.SessionOpened(SESSION, 2, AT)))
                .isEqualTo(new Activity.SessionOpened(ANN, S1, NodeId.of("node-a"), "phone", 2, AT));
        assertThat(Activity.of(new PresenceEvent.SessionClosed(SESSION, 1, AT)))
                .isEqualTo(new Activity.SessionClosed(ANN, S1, NodeId.of("node-a"), "phone", 1, AT));
    }

    @Test
    void eachKindHasTheNameTheFeedShows() {
        assertThat(new Activity.DisconnectedByAdmin(ANN, S1, NodeId.of("node-a"), null, AT).kind())
                .isEqualTo("disconnected_by_admin");
        assertThat(new Activity.NodeRemoved(NodeId.of("node-a"), 2, 3, AT).kind()).isEqualTo("node_removed");
        assertThat(new Activity.WentOffline(ANN, AT).kind()).isEqualTo("went_offline");
    }
}
