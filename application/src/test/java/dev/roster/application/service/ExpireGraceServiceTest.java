package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.Offline;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpireGraceServiceTest {
    private final TestNode node = new TestNode();
    private final ExpireGraceService expire = new ExpireGraceService(node.registry, node.directory, node.clock,
            node.announcer, node.timers, SweepTurns.always(TestNode.IDENTITY));

    private void closedAt(Session session, long millis) {
        node.registry.apply(session.user(), p -> p.close(session.id(), at(millis), TestNode.GRACE));
    }

    @Test
    void at_the_deadline_the_user_goes_offline_and_each_room_it_lingered_in_hears_it() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.joined(ann, "dev");
        closedAt(ann, 0);
        node.clock.advanceMillis(3_000);

        value(expire.expire(user("ann")));

        long version = node.presence("ann").version();
        assertThat(node.presence("ann")).isInstanceOf(Offline.class);
        assertThat(node.notices()).containsExactly(
                new PresenceNotice(room("dev"), user("ann"), PresenceState.OFFLINE, null, 0, false, at(3_000),
                        version, null),
                new PresenceNotice(room("lobby"), user("ann"), PresenceState.OFFLINE, null, 0, false, at(3_000),
                        version, null));
    }

    @Test
    void rooms_still_hear_the_user_leave_when_the_store_lost_it_during_the_grace_period() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        closedAt(ann, 0);
        node.timers.track(node.presence("ann"));
        // Redis restarted empty: the user, its lingering room and its deadline are gone from the store
        node.registry.put(Presence.unknown(user("ann")));
        node.clock.advanceMillis(3_000);

        value(expire.expire(user("ann")));

        assertThat(node.notices()).singleElement().satisfies(n -> {
            assertThat(n.room()).isEqualTo(room("lobby"));
            assertThat(n.state()).isEqualTo(PresenceState.OFFLINE);
        });
        assertThat(node.presence("ann").listed()).isFalse();
        assertThat(node.scheduler.pending()).as("nothing left to wait for").isEmpty();
    }

    @Test
    void a_user_the_store_still_lists_is_expired_from_the_store_not_from_what_this_node_saw() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        closedAt(ann, 0);
        node.timers.track(node.presence("ann"));
        // the user came back on another node meanwhile: the store knows better than this node's timer
        Session phone = node.elsewhere("ann", "s2");
        node.clock.advanceMillis(3_000);

        value(expire.expire(user("ann")));

        assertThat(node.presence("ann").sessions()).containsOnlyKeys(phone.id());
        assertThat(node.presence("ann").lingering()).as("its room heard it leave, from the store").isEmpty();
        assertThat(node.notices()).singleElement().satisfies(n -> assertThat(n.room()).isEqualTo(room("lobby")));
    }

    @Test
    void before_the_deadline_nothing_happens() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        closedAt(ann, 0);
        node.clock.advanceMillis(2_999);

        value(expire.expire(user("ann")));

        assertThat(node.presence("ann")).isInstanceOf(PendingOffline.class);
        assertThat(node.notices()).isEmpty();
    }

    @Test
    void a_timer_that_fired_before_the_deadline_is_set_again_for_the_rest_of_it() {
        Session ann = node.connected("ann", "s1");
        closedAt(ann, 0);
        node.clock.advanceMillis(2_900);

        value(expire.expire(user("ann")));

        assertThat(node.scheduler.pending()).anySatisfy(task ->
                assertThat(task.delay()).isEqualTo(java.time.Duration.ofMillis(100)));
    }

    @Test
    void the_sweep_expires_every_due_user_whichever_node_closed_them_and_counts_them() {
        Session ann = node.connected("ann", "s1");
        Session bob = node.elsewhere("bob", "b1");
        closedAt(ann, 0);
        closedAt(bob, 0);
        node.clock.advanceMillis(5_000);
        when(node.directory.dueForExpiry(at(5_000), ExpireGraceService.SWEEP_BATCH))
                .thenReturn(done(List.of(user("ann"), user("bob"))));

        int swept = value(expire.expireDue());

        assertThat(swept).isEqualTo(2);
        assertThat(node.presence("ann")).isInstanceOf(Offline.class);
        assertThat(node.presence("bob")).isInstanceOf(Offline.class);
        verify(node.directory).dueForExpiry(at(5_000), 500);
    }

    @Test
    void a_sweep_with_nobody_due_does_nothing() {
        when(node.directory.dueForExpiry(at(0), ExpireGraceService.SWEEP_BATCH)).thenReturn(done(List.of()));

        assertThat(value(expire.expireDue())).isZero();
        assertThat(node.registry.calls()).isZero();
    }
}
