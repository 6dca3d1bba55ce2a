package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every state survives the trip through its stored form, to the nanosecond. */
class PresenceCodecTest {
    private static final UserId ANN = UserId.of("ann");
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123456789Z");
    private final PresenceCodec codec = new PresenceCodec();

    private Presence roundTrip(Presence presence) {
        String stored = codec.encode(presence);
        assertThat(PresenceCodec.version(stored)).isEqualTo(presence.version());
        return codec.decode(ANN, stored);
    }

    private static Session session(String id, String device) {
        return new Session(SessionId.of(id), ANN, NodeId.of("node-a"), "boot-1", device, T0);
    }

    @Test
    void unknownOnlinePendingAndOfflineReadBackEqual() {
        Presence unknown = Presence.unknown(ANN);
        Presence online = unknown.open(session("s1", "web"), T0).presence()
                .open(session("s2", null), T0.plusMillis(1)).presence()
                .join(SessionId.of("s1"), RoomId.of("hall"), T0.plusMillis(2)).presence()
                .join(SessionId.of("s2"), RoomId.of("kitchen"), T0.plusMillis(3)).presence()
                .setStatus(SessionId.of("s1"), Status.BUSY, "in a \"meeting\" \u2615 | x", T0.plusMillis(4)).presence();
        Presence lingering = online.close(SessionId.of("s2"), T0.plusMillis(5), GracePeriod.ofMillis(3000)).presence();
        Presence pending = lingering.close(SessionId.of("s1"), T0.plusMillis(6), GracePeriod.ofMillis(3000))
                .presence();
        Presence offline = pending.expire(T0.plusSeconds(10)).presence();

        assertThat(roundTrip(unknown)).isEqualTo(unknown);
        assertThat(roundTrip(online)).isEqualTo(online);
        assertThat(lingering.lingering()).containsOnlyKeys(RoomId.of("kitchen"));
        assertThat(roundTrip(lingering)).isEqualTo(lingering);
        assertThat(roundTrip(pending)).isEqualTo(pending);
        assertThat(roundTrip(offline)).isEqualTo(offline);
        assertThat(codec.decode(ANN, null)).isEqualTo(unknown);
    }
}
