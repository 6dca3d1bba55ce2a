package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.Offline;
import dev.roster.domain.Online;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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

    /*
     * The stored form, byte for byte. The expected strings were produced by the tree-based codec (ObjectNode,
     * writeValueAsString) before it was rewritten to stream: nodes of both versions share one Redis during a
     * rolling upgrade, and ADR 6 counts these bytes. Where a presence holds several sessions, rooms or lingering
     * rooms, their order is the iteration order of the (immutable, randomly salted) collections, so the expected
     * string joins each element's literal in that order.
     */

    private static final Instant T1 = Instant.parse("1969-12-31T23:59:59.5Z");

    private void assertStored(Presence presence, String expected) {
        assertThat(codec.encode(presence)).isEqualTo(expected);
        assertThat(codec.decode(ANN, expected)).isEqualTo(presence);
    }

    private static Session session(String id, String device, Instant at) {
        return new Session(SessionId.of(id), ANN, NodeId.of("node-a"), "boot-1", device, at);
    }

    @Test
    void offlineIsStoredAsBefore() {
        assertStored(Presence.unknown(ANN), "0|{\"s\":\"off\"}");
        assertStored(new Offline(ANN, null, 5), "5|{\"s\":\"off\"}");
        assertStored(new Offline(ANN, T0, 7), "7|{\"s\":\"off\",\"ls\":1795809600123456789}");
        assertStored(new Offline(ANN, T1, 2), "2|{\"s\":\"off\",\"ls\":-500000000}");
    }

    @Test
    void onlineWithOneSessionIsStoredAsBefore() {
        assertStored(new Online(ANN, Status.ONLINE, null, T0, T0.plusMillis(1),
                        Map.of(SessionId.of("s1"), SessionEntry.of(session("s1", "web", T0))), Map.of(), 3),
                "3|{\"s\":\"on\",\"st\":\"online\",\"si\":1795809600123456789,\"ls\":1795809600124456789,"
                        + "\"ss\":[{\"i\":\"s1\",\"n\":\"node-a\",\"b\":\"boot-1\",\"d\":\"web\","
                        + "\"c\":1795809600123456789}]}");
        // no device ("unknown") is left out; an empty status text is kept
        assertStored(new Online(ANN, Status.AWAY, "", T0, T0,
                        Map.of(SessionId.of("s1"), new SessionEntry(session("s1", null, T0), Set.of(RoomId.of("hall")))),
                        Map.of(), 4),
                "4|{\"s\":\"on\",\"st\":\"away\",\"tx\":\"\",\"si\":1795809600123456789,\"ls\":1795809600123456789,"
                        + "\"ss\":[{\"i\":\"s1\",\"n\":\"node-a\",\"b\":\"boot-1\",\"c\":1795809600123456789,"
                        + "\"r\":[\"hall\"]}]}");
    }

    @Test
    void onlineWithSessionsStatusTextAndLingeringRoomIsStoredAsBefore() {
        Online online = new Online(ANN, Status.BUSY, "in a \"meeting\" \u2615 | x\n\\", T0, T0.plusMillis(4),
                Map.of(SessionId.of("s1"), new SessionEntry(session("s1", "phone \u260e", T0), Set.of(RoomId.of("hall"))),
                        SessionId.of("s2"), SessionEntry.of(session("s2", null, T0.plusMillis(1)))),
                Map.of(RoomId.of("kitchen"), T0.plusSeconds(3)), 9);
        Map<String, String> sessions = Map.of(
                "s1", "{\"i\":\"s1\",\"n\":\"node-a\",\"b\":\"boot-1\",\"d\":\"phone \u260e\","
                        + "\"c\":1795809600123456789,\"r\":[\"hall\"]}",
                "s2", "{\"i\":\"s2\",\"n\":\"node-a\",\"b\":\"boot-1\",\"c\":1795809600124456789}");
        assertStored(online, "9|{\"s\":\"on\",\"st\":\"busy\",\"tx\":\"in a \\\"meeting\\\" \u2615 | x\\n\\\\\","
                + "\"si\":1795809600123456789,\"ls\":1795809600127456789,\"lg\":{\"kitchen\":1795809603123456789},"
                + "\"ss\":[" + online.sessions().keySet().stream().map(id -> sessions.get(id.value()))
                .collect(Collectors.joining(",")) + "]}");
    }

    @Test
    void severalRoomsAndLingeringRoomsAreStoredAsBefore() {
        Set<RoomId> rooms = Set.of(RoomId.of("hall"), RoomId.of("kitchen"), RoomId.of("attic"));
        Map<RoomId, Instant> lingering = Map.of(RoomId.of("cellar"), T0.plusSeconds(1),
                RoomId.of("garden"), T0.plusSeconds(2));
        Map<String, String> deadlines = Map.of("cellar", "1795809601123456789", "garden", "1795809602123456789");
        Online online = new Online(ANN, Status.ONLINE, null, T0, T0,
                Map.of(SessionId.of("s1"), new SessionEntry(session("s1", "web", T1), rooms)), lingering, 6);
        assertStored(online, "6|{\"s\":\"on\",\"st\":\"online\",\"si\":1795809600123456789,"
                + "\"ls\":1795809600123456789,\"lg\":{"
                + online.lingering().keySet().stream().map(r -> "\"" + r.value() + "\":" + deadlines.get(r.value()))
                .collect(Collectors.joining(","))
                + "},\"ss\":[{\"i\":\"s1\",\"n\":\"node-a\",\"b\":\"boot-1\",\"d\":\"web\",\"c\":-500000000,\"r\":["
                + online.sessions().get(SessionId.of("s1")).rooms().stream().map(r -> "\"" + r.value() + "\"")
                .collect(Collectors.joining(","))
                + "]}]}");
    }

    @Test
    void pendingOfflineIsStoredAsBefore() {
        assertStored(new PendingOffline(ANN, Status.BUSY, "brb", T0, T0.plusMillis(6), T0.plusSeconds(3),
                        Map.of(RoomId.of("kitchen"), T0.plusSeconds(2)), 11),
                "11|{\"s\":\"pend\",\"st\":\"busy\",\"tx\":\"brb\",\"si\":1795809600123456789,"
                        + "\"ls\":1795809600129456789,\"lg\":{\"kitchen\":1795809602123456789},"
                        + "\"dl\":1795809603123456789}");
        assertStored(new PendingOffline(ANN, Status.ONLINE, null, T0, T0, T0.plusSeconds(3), Map.of(), 12),
                "12|{\"s\":\"pend\",\"st\":\"online\",\"si\":1795809600123456789,\"ls\":1795809600123456789,"
                        + "\"dl\":1795809603123456789}");
    }

    @Test
    void oldValuesWithFieldsInAnotherOrderUnknownFieldsAndNullsStillDecode() {
        String online = "9|{\"ss\":[{\"x\":{\"deep\":[1,{\"a\":null}]},\"r\":[\"hall\"],\"c\":1795809600123456789,"
                + "\"d\":null,\"b\":\"boot-1\",\"n\":\"node-a\",\"i\":\"s1\"}],\"future\":[true,{\"y\":2}],"
                + "\"lg\":{\"kitchen\":1795809603123456789},\"ls\":1795809600127456789,\"tx\":null,"
                + "\"si\":1795809600123456789,\"st\":\"busy\",\"more\":\"text\",\"s\":\"on\"}";
        assertThat(codec.decode(ANN, online)).isEqualTo(new Online(ANN, Status.BUSY, null, T0, T0.plusMillis(4),
                Map.of(SessionId.of("s1"), new SessionEntry(session("s1", null, T0), Set.of(RoomId.of("hall")))),
                Map.of(RoomId.of("kitchen"), T0.plusSeconds(3)), 9));

        assertThat(codec.decode(ANN, "3|{\"dl\":1795809603123456789,\"lg\":{},\"x\":null,\"ls\":1795809600123456789,"
                + "\"si\":1795809600123456789,\"st\":\"away\",\"s\":\"pend\"}"))
                .isEqualTo(new PendingOffline(ANN, Status.AWAY, null, T0, T0, T0.plusSeconds(3), Map.of(), 3));
        assertThat(codec.decode(ANN, "4|{\"ls\":null,\"s\":\"off\",\"ss\":[{\"junk\":1}]}"))
                .isEqualTo(new Offline(ANN, null, 4));
        assertThat(codec.decode(ANN, "4|{\"ls\":\"1795809600123456789\",\"s\":\"off\"}"))
                .isEqualTo(new Offline(ANN, T0, 4));
    }

    @Test
    void aStoredValueThatIsNotJsonOrHasNoKnownStateIsAnError() {
        assertThatThrownBy(() -> codec.decode(ANN, "3|{\"s\":\"off\""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> codec.decode(ANN, "3|not json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> codec.decode(ANN, "3|{\"s\":\"gone\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no known state: gone");
        assertThatThrownBy(() -> codec.decode(ANN, "3|{\"s\":null}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no known state: null");
        assertThatThrownBy(() -> codec.decode(ANN, "3|{}"))
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith("has no known state: ");
        assertThatThrownBy(() -> codec.decode(ANN, "3|"))
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith("has no known state: ");
    }
}
