package dev.roster.application.port.out.contract;

import static dev.roster.application.port.out.contract.StoreFixture.GRACE;
import static dev.roster.application.port.out.contract.StoreFixture.OTHER_NODE;
import static dev.roster.application.port.out.contract.StoreFixture.room;
import static dev.roster.application.port.out.contract.StoreFixture.session;
import static dev.roster.application.port.out.contract.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceDirectory.OnlinePage;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.DomainException;
import dev.roster.domain.Offline;
import dev.roster.domain.Online;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.Status;
import dev.roster.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionRegistry} with its {@link PresenceDirectory} must do, tested through the ports alone.
 * An adapter's test extends this class and implements {@link #newStore()} (and {@link #discard} if it must); it
 * then also runs the index checks of {@link PresenceIndexSuite} and the paging and concurrency checks of
 * {@link PresenceStoreScaleSuite}.
 */
public abstract class PresenceStoreContract extends PresenceIndexSuite {

    @Test
    void aUserNeverSeenIsPresenceUnknown() {
        assertThat(given.find("ghost")).isEqualTo(Presence.unknown(user("ghost")));
        assertThat(Stages.await(store.directory().findAll(List.of(user("ghost"), user("nobody")))))
                .containsExactly(Presence.unknown(user("ghost")), Presence.unknown(user("nobody")));
        assertThat(given.onlineCount()).isZero();
        assertThat(given.page(10, null)).isEqualTo(new OnlinePage(List.of(), null));
    }

    @Test
    void aChangedOutcomeIsStoredAndReadBackAsItWas() {
        Session s1 = session("s1", "ann", t0);
        Outcome opened = given.apply("ann", p -> p.open(s1, t0));

        assertThat(opened).isInstanceOf(Outcome.Changed.class);
        assertThat(given.find("ann")).isEqualTo(opened.presence());
        assertThat(given.find("ann").state()).isEqualTo(PresenceState.ONLINE);
        assertThat(given.find("ann").sessions()).containsOnlyKeys(s1.id());
    }

    @Test
    void eachTransitionSeesThePresenceTheLastOneStored() {
        Session s1 = given.open("ann", "s1", t0);
        Instant closedAt = at(5);
        List<Transition> steps = List.of(
                p -> p.join(s1.id(), room("r1"), at(1)),
                p -> p.setStatus(s1.id(), Status.AWAY, "at \"lunch\" \u2615 \u4e2d", at(2)),
                p -> p.leave(s1.id(), room("r1"), at(3)),
                p -> p.join(s1.id(), room("r2"), at(4)),
                p -> p.close(s1.id(), closedAt, GRACE),
                p -> p.expire(GRACE.deadlineFrom(closedAt)));
        Presence previous = given.find("ann");
        for (Transition step : steps) {
            AtomicReference<Presence> seen = new AtomicReference<>();
            Outcome outcome = given.apply("ann", p -> {
                seen.set(p);
                return step.apply(p);
            });
            assertThat(seen.get()).isEqualTo(previous);
            assertThat(outcome).isInstanceOf(Outcome.Changed.class);
            assertThat(outcome.presence().version()).isGreaterThan(previous.version());
            assertThat(given.find("ann")).isEqualTo(outcome.presence());
            previous = outcome.presence();
        }
        assertThat(previous).isInstanceOf(Offline.class);
        assertThat(given.find("ann").lastSeen()).contains(closedAt);
    }

    @Test
    void findAllAnswersInTheOrderAsked() {
        given.open("ann", "s1", t0);
        given.open("bob", "s2", t0);

        List<Presence> found = Stages.await(store.directory()
                .findAll(List.of(user("bob"), user("ghost"), user("ann"))));

        assertThat(found).containsExactly(given.find("bob"), Presence.unknown(user("ghost")), given.find("ann"));
    }

    @Test
    void findAllAnswersEveryOneOfAThousandInOrder() {
        List<dev.roster.domain.UserId> asked = new java.util.ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            if (i % 3 == 0) {
                given.open("many-" + i, "s-" + i, t0);
            }
            asked.add(user("many-" + i));
        }
        java.util.Collections.reverse(asked);

        List<Presence> found = Stages.await(store.directory().findAll(asked));

        assertThat(found).hasSize(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            assertThat(found.get(i).user()).isEqualTo(asked.get(i));
            int n = Integer.parseInt(asked.get(i).value().substring("many-".length()));
            assertThat(found.get(i).listed()).as(asked.get(i).value()).isEqualTo(n % 3 == 0);
        }
    }

    @Test
    void unchangedAndRejectedOutcomesStoreNothing() {
        Session s1 = given.open("ann", "s1", t0);
        Presence stored = given.find("ann");

        assertThat(given.apply("ann", p -> p.open(s1, at(1)))).isInstanceOf(Outcome.Unchanged.class);
        assertThat(given.apply("ann", p -> p.leave(s1.id(), room("never"), at(1))))
                .isInstanceOf(Outcome.Rejected.class);
        given.apply("ann", p -> new Outcome.Unchanged(forged("ann", p.version() + 5)));
        given.apply("ann", p -> new Outcome.Rejected(forged("ann", p.version() + 5), Rejection.NOT_MEMBER));
        given.apply("ghost", p -> new Outcome.Unchanged(forged("ghost", 9)));
        given.apply("ghost", p -> new Outcome.Rejected(forged("ghost", 9), Rejection.NO_SESSION));

        assertThat(given.find("ann")).isEqualTo(stored);
        assertThat(given.find("ghost")).isEqualTo(Presence.unknown(user("ghost")));
        assertThat(given.onlineCount()).isEqualTo(1);
        assertThat(given.page(10, null).users()).containsExactly(user("ann"));
        assertThat(given.roomMembers("forged")).isEmpty();
        assertThat(given.usersOn(OTHER_NODE, "forged-boot")).isEmpty();
        assertThat(given.due(at(Duration.ofDays(1).toMillis()), 10)).isEmpty();
    }

    /** A presence no transition made: it has a room, a session on another node and a deadline. */
    private Presence forged(String user, long version) {
        Session elsewhere = session("forged-s", user, OTHER_NODE, "forged-boot", t0);
        return new Online(user(user), Status.BUSY, "forged", t0, t0,
                Map.of(elsewhere.id(), new SessionEntry(elsewhere, Set.of(room("forged")))),
                Map.of(room("forged-lingering"), at(1)), version);
    }

    @Test
    void aFailingTransitionFailsTheCallAndStoresNothing() {
        given.open("ann", "s1", t0);
        Presence stored = given.find("ann");
        Session bobs = session("s2", "bob", t0);

        assertThatThrownBy(() -> given.apply("ann", p -> p.open(bobs, at(1)))).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> given.apply("carl", p -> p.open(bobs, at(1)))).isInstanceOf(DomainException.class);

        assertThat(given.find("ann")).isEqualTo(stored);
        assertThat(given.find("carl")).isEqualTo(Presence.unknown(user("carl")));
        assertThat(given.page(10, null).users()).containsExactly(user("ann"));
    }
}
