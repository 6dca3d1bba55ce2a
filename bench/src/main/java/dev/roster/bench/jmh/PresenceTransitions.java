package dev.roster.bench.jmh;

import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The domain transitions every connection, join and grace expiry goes through: pure functions on {@link Presence},
 * measured without any store. Each benchmark applies one transition to a state built once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PresenceTransitions {
    private static final GracePeriod GRACE = GracePeriod.ofMillis(3_000);
    private static final RoomId LOBBY = RoomId.of("lobby");

    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Instant later = now.plusSeconds(10);
    private Presence offline;
    private Presence online;
    private Presence busy;
    private Presence inLobby;
    private Presence pending;
    private Session first;
    private Session second;

    @Setup
    public void setUp() {
        UserId ann = UserId.of("ann");
        first = session(ann, "s-1");
        second = session(ann, "s-2");
        offline = Presence.unknown(ann);
        online = offline.open(first, now).presence();
        // a user with three tabs in five rooms: the close and join paths copy maps of this size
        Presence many = online.open(second, now).presence().open(session(ann, "s-3"), now).presence();
        for (int r = 0; r < 5; r++) {
            many = many.join(first.id(), RoomId.of("room-" + r), now).presence();
        }
        busy = many;
        inLobby = online.join(first.id(), LOBBY, now).presence();
        pending = inLobby.close(first.id(), now, GRACE).presence();
    }

    private Session session(UserId user, String id) {
        return new Session(SessionId.of(id), user, NodeId.of("node-a"), "boot-1", "web", now);
    }

    @Benchmark
    public Outcome openFirstSession() {
        return offline.open(first, now);
    }

    @Benchmark
    public Outcome openSecondTab() {
        return online.open(second, now);
    }

    @Benchmark
    public Outcome closeLastSession() {
        return inLobby.close(first.id(), now, GRACE);
    }

    @Benchmark
    public Outcome closeOneOfThreeTabs() {
        return busy.close(first.id(), now, GRACE);
    }

    @Benchmark
    public Outcome joinRoom() {
        return online.join(first.id(), LOBBY, now);
    }

    @Benchmark
    public Outcome leaveRoom() {
        return inLobby.leave(first.id(), LOBBY, now);
    }

    @Benchmark
    public Outcome reconnectInsideGrace() {
        return pending.open(second, now);
    }

    @Benchmark
    public Outcome expireAfterGrace() {
        return pending.expire(later);
    }
}
