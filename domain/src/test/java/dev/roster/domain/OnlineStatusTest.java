package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.T0;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.assertRejected;
import static dev.roster.domain.Fixtures.assertUnchanged;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.PresenceEvent.StatusChanged;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status a user chooses, and when its {@code since} moves. */
class OnlineStatusTest {

    @Test
    void a_new_status_starts_a_new_since_and_reaches_every_room_including_lingering_ones() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1).inRoom("dev", 2);
        Online online = (Online) changed(ann.online().close(ann.sid(2), at(100), GRACE)).next();

        Outcome.Changed outcome = changed(online.setStatus(ann.sid(1), Status.BUSY, "call", at(200)));

        assertThat(outcome.events()).containsExactly(new StatusChanged(ann.id(), Status.BUSY, "call",
                Set.of(room("lobby"), room("dev")), ann.sid(1), at(200)));
        Presence next = outcome.next();
        assertThat(next.state()).isEqualTo(PresenceState.BUSY);
        assertThat(next.status()).contains(Status.BUSY);
        assertThat(next.statusText()).contains("call");
        assertThat(next.since()).contains(at(200));
        assertThat(next.lastSeen()).isEqualTo(online.lastSeen());
        assertThat(next.lingering()).isEqualTo(online.lingering());
        assertThat(next.version()).isGreaterThan(online.version());
    }

    @Test
    void a_new_text_with_the_same_status_keeps_since() {
        UserFixture ann = aUser("ann").withSessions(1).withStatus(Status.AWAY, "lunch");
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.setStatus(ann.sid(1), Status.AWAY, "coffee", at(200)));

        assertThat(outcome.next().since()).contains(T0);
        assertThat(outcome.next().statusText()).contains("coffee");
        assertThat(outcome.events()).containsExactly(
                new StatusChanged(ann.id(), Status.AWAY, "coffee", Set.of(), ann.sid(1), at(200)));
    }

    @Test
    void clearing_the_text_is_a_change() {
        UserFixture ann = aUser("ann").withSessions(1).withStatus(Status.AWAY, "lunch");

        Outcome.Changed outcome = changed(ann.online().setStatus(ann.sid(1), Status.AWAY, null, at(200)));

        assertThat(outcome.next().statusText()).isEmpty();
    }

    @Test
    void the_same_status_and_text_again_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(2).withStatus(Status.AWAY, "lunch");
        Online online = ann.online();

        assertUnchanged(online.setStatus(ann.sid(2), Status.AWAY, "lunch", at(200)), online);
        Online plain = aUser("bob").withSessions(1).online();
        assertUnchanged(plain.setStatus(aUser("bob").sid(1), Status.ONLINE, null, at(200)), plain);
    }

    @Test
    void a_status_text_that_breaks_the_rules_is_refused_with_a_clear_error() {
        UserFixture ann = aUser("ann").withSessions(1);
        Online online = ann.online();

        assertThatThrownBy(() -> online.setStatus(ann.sid(1), Status.AWAY, "x".repeat(257), at(200)))
                .isInstanceOf(DomainException.class)
                .hasMessage("status text must be at most 256 characters");
        assertThatThrownBy(() -> online.setStatus(ann.sid(1), Status.AWAY, "a\u0007b", at(200)))
                .isInstanceOf(DomainException.class)
                .hasMessage("status text must not contain control characters");
    }

    @Test
    void a_status_set_through_a_session_that_is_not_open_is_refused() {
        UserFixture ann = aUser("ann").withSessions(1);
        Online online = ann.online();

        assertRejected(online.setStatus(ann.sid(2), Status.BUSY, null, at(200)), online, Rejection.NO_SESSION);
    }

    @Test
    void new_sessions_and_joins_keep_the_chosen_status() {
        UserFixture ann = aUser("ann").withSessions(2).withStatus(Status.BUSY, "focus");
        Online online = ann.online();

        Presence more = changed(online.open(aUser("ann").session(3), at(300))).next();

        assertThat(more.state()).isEqualTo(PresenceState.BUSY);
        assertThat(more.statusText()).contains("focus");
        assertThat(more.since()).contains(T0);
    }
}
