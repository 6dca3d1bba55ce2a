package dev.roster.domain;

import static dev.roster.domain.Fixtures.BOOT;
import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.NODE;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.assertUnchanged;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.PresenceEvent.JoinedRoom;
import dev.roster.domain.PresenceEvent.LeftRoom;
import dev.roster.domain.PresenceEvent.SessionClosed;
import dev.roster.domain.PresenceEvent.SessionOpened;
import dev.roster.domain.PresenceEvent.UserCameOnline;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A node makes what the store says of its boot match the sessions it really holds. */
class ReconcileTest {
    private static final NodeBoot HERE = new NodeBoot(NODE, BOOT);

    private static SessionEntry held(Session session, String... rooms) {
        return new SessionEntry(session, java.util.Arrays.stream(rooms).map(RoomId::of)
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void what_the_node_holds_already_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online online = ann.online();

        List<SessionEntry> holds = List.of(held(ann.session(1), "lobby"), held(ann.session(2)));
        assertThat(online.matches(HERE, holds)).isTrue();
        assertUnchanged(online.reconcile(HERE, holds, Status.ONLINE, null, at(100), GRACE), online);
    }

    @Test
    void a_session_the_node_does_not_hold_is_closed_and_its_rooms_linger_through_grace() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("lobby");
        Online ghost = ann.online();

        assertThat(ghost.matches(HERE, List.of())).isFalse();
        Outcome.Changed outcome = changed(ghost.reconcile(HERE, List.of(), Status.ONLINE, null, at(100), GRACE));

        assertThat(outcome.events()).containsExactly(new SessionClosed(ann.session(1), 0, at(100)));
        assertThat(outcome.next()).isInstanceOf(PendingOffline.class);
        assertThat(outcome.next().lingering()).isEqualTo(Map.of(room("lobby"), GRACE.deadlineFrom(at(100))));
    }

    @Test
    void sessions_of_other_boots_are_left_alone() {
        Session elsewhere = Fixtures.sessionOf("ann", "ann-9", NodeId.of("node-b"), "boot-9");
        Presence online = changed(Presence.unknown(UserId.of("ann")).open(elsewhere, at(0))).next();

        assertUnchanged(online.reconcile(HERE, List.of(), Status.ONLINE, null, at(100), GRACE), online);
        assertThatThrownBy(() -> online.reconcile(HERE, List.of(held(elsewhere)), Status.ONLINE, null, at(100), GRACE))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void a_session_the_store_lost_after_the_user_was_announced_offline_comes_back_announced() {
        UserFixture ann = aUser("ann");
        Presence offline = new Offline(ann.id(), at(0), 7);

        Outcome.Changed outcome = changed(offline.reconcile(HERE, List.of(held(ann.session(1), "lobby")),
                Status.AWAY, "lunch", at(100), GRACE));

        assertThat(outcome.events()).containsExactly(
                new UserCameOnline(ann.id(), Status.AWAY, at(100)),
                new SessionOpened(ann.session(1), 1, at(100)),
                new JoinedRoom(ann.id(), room("lobby"), PresenceState.AWAY, ann.sid(1), at(100)));
        assertThat(outcome.next().statusText()).contains("lunch");
    }

    @Test
    void rooms_are_joined_and_left_to_match_and_only_what_others_can_see_is_announced() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1, 2).inRoom("old", 1);
        Online stale = ann.online();

        Outcome.Changed outcome = changed(stale.reconcile(HERE,
                List.of(held(ann.session(1), "new"), held(ann.session(2), "lobby")), Status.ONLINE, null, at(100),
                GRACE));

        // lobby is still held by session 2: nobody hears it; old is left; new is joined
        assertThat(outcome.events()).containsExactly(
                new LeftRoom(ann.id(), room("old"), ann.sid(1), at(100)),
                new JoinedRoom(ann.id(), room("new"), PresenceState.ONLINE, ann.sid(1), at(100)));
        assertThat(outcome.next().rooms()).containsExactlyInAnyOrder(room("lobby"), room("new"));
        assertThat(outcome.next().matches(HERE, List.of(held(ann.session(1), "new"), held(ann.session(2), "lobby"))))
                .isTrue();
    }

    @Test
    void a_lingering_room_taken_back_is_silent() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("lobby");
        Presence pending = ann.pendingOfflineSince(at(50));

        Outcome.Changed outcome = changed(pending.reconcile(HERE, List.of(held(ann.session(1), "lobby")),
                Status.ONLINE, null, at(100), GRACE));

        assertThat(outcome.events()).containsExactly(new SessionOpened(ann.session(1), 1, at(100)));
        assertThat(outcome.next().rooms()).containsExactly(room("lobby"));
        assertThat(outcome.next().lingering()).isEmpty();
        assertThat(Set.copyOf(outcome.next().sessions().keySet())).containsExactly(ann.sid(1));
    }

    @Test
    void a_held_session_the_store_lost_is_put_back_and_closed_so_its_rooms_linger() {
        UserFixture ann = aUser("ann");
        Presence lost = Presence.unknown(ann.id());

        Outcome.Changed outcome = changed(lost.closeHeld(ann.session(1), Set.of(room("lobby")), Status.ONLINE, null,
                at(100), GRACE));

        assertThat(outcome.next()).isInstanceOf(PendingOffline.class);
        assertThat(outcome.next().lingering()).containsOnlyKeys(room("lobby"));
        assertThat(outcome.events()).last().isEqualTo(new SessionClosed(ann.session(1), 0, at(100)));
    }

    @Test
    void a_held_session_the_store_has_is_simply_closed() {
        UserFixture ann = aUser("ann").withSessions(2);
        Online online = ann.online();

        assertThat(online.closeHeld(ann.session(1), Set.of(), Status.ONLINE, null, at(100), GRACE))
                .isEqualTo(online.close(ann.sid(1), at(100), GRACE));
    }
}
