package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.session;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.Outcome;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AnnouncerTest {
    private final TestNode node = new TestNode();
    private final Presence ann;

    AnnouncerTest() {
        node.connected("ann", "s1");
        ann = node.presence("ann");
    }

    private Outcome.Changed changedWith(PresenceEvent... events) {
        return new Outcome.Changed(ann, List.of(events));
    }

    @Test
    void nothing_is_announced_or_counted_when_nothing_changed() {
        value(node.announcer.announce(new Outcome.Unchanged(ann)));
        value(node.announcer.announce(new Outcome.Rejected(ann, Rejection.NOT_MEMBER)));

        verifyNoInteractions(node.presenceBus, node.telemetry);
        assertThat(node.scheduler.all()).isEmpty();
    }

    @Test
    void a_join_reaches_the_room_with_the_state_version_and_the_joining_session_as_origin() {
        var event = new PresenceEvent.JoinedRoom(user("ann"), room("lobby"), PresenceState.BUSY,
                session("ann", "s1").id(), at(5));

        value(node.announcer.announce(changedWith(event)));

        assertThat(node.notices()).containsExactly(new PresenceNotice(room("lobby"), user("ann"), PresenceState.BUSY,
                null, 1, false, at(5), ann.version(), session("ann", "s1").id()));
        verify(node.telemetry).transitioned(List.of(event));
    }

    @Test
    void a_leave_reaches_the_room_as_offline_with_no_origin_when_grace_ran_out() {
        value(node.announcer.announce(changedWith(
                new PresenceEvent.LeftRoom(user("ann"), room("lobby"), null, at(5)))));

        assertThat(node.notices()).containsExactly(new PresenceNotice(room("lobby"), user("ann"),
                PresenceState.OFFLINE, null, 1, false, at(5), ann.version(), null));
    }

    @Test
    void a_join_and_a_leave_carry_the_room_size_the_store_counted_with_the_change() {
        var joined = new PresenceEvent.JoinedRoom(user("ann"), room("hall"), PresenceState.ONLINE,
                session("ann", "s1").id(), at(5));
        var left = new PresenceEvent.LeftRoom(user("ann"), room("lobby"), session("ann", "s1").id(), at(5));

        value(node.announcer.announce(changedWith(joined, left).withRoomSizes(Map.of(room("hall"), 1_000L,
                room("lobby"), 7L))));

        assertThat(node.notices()).extracting(PresenceNotice::room, PresenceNotice::roomSize)
                .containsExactlyInAnyOrder(tuple(room("hall"), 1_000L), tuple(room("lobby"), 7L));
    }

    @Test
    void a_status_change_reaches_every_room_of_the_user_with_its_text() {
        value(node.announcer.announce(changedWith(new PresenceEvent.StatusChanged(user("ann"), Status.AWAY, "lunch",
                Set.of(room("a"), room("b")), session("ann", "s1").id(), at(5)))));

        assertThat(node.notices()).containsExactlyInAnyOrder(
                new PresenceNotice(room("a"), user("ann"), PresenceState.AWAY, "lunch", 1, false, at(5), ann.version(),
                        session("ann", "s1").id()),
                new PresenceNotice(room("b"), user("ann"), PresenceState.AWAY, "lunch", 1, false, at(5), ann.version(),
                        session("ann", "s1").id()));
    }

    @Test
    void sessions_coming_and_going_are_counted_but_reach_no_room() {
        var opened = new PresenceEvent.SessionOpened(session("ann", "s1"), 1, at(5));
        var online = new PresenceEvent.UserCameOnline(user("ann"), Status.ONLINE, at(5));
        var offline = new PresenceEvent.UserWentOffline(user("ann"), at(5));

        value(node.announcer.announce(changedWith(online, opened, offline)));

        assertThat(node.notices()).isEmpty();
        verify(node.telemetry).transitioned(List.of(online, opened, offline));
    }

    private Outcome applied(dev.roster.domain.Transition transition) {
        return node.registry.apply(user("ann"), transition).toCompletableFuture().join();
    }

    @Test
    void a_second_session_tells_every_room_of_the_user_its_count_and_status_once() {
        node.joined(session("ann", "s1"), "lobby");
        node.joined(session("ann", "s1"), "dev");
        value(node.announcer.announce(applied(p -> p.setStatus(session("ann", "s1").id(), Status.BUSY, "call",
                at(1)))));
        node.forgetInteractions();

        Outcome opened = applied(p -> p.open(session("ann", "s2"), at(7)));
        value(node.announcer.announce(opened));

        long version = opened.presence().version();
        assertThat(node.notices()).containsExactly(
                new PresenceNotice(room("dev"), user("ann"), PresenceState.BUSY, "call", 2, true, at(7), version,
                        session("ann", "s2").id()),
                new PresenceNotice(room("lobby"), user("ann"), PresenceState.BUSY, "call", 2, true, at(7), version,
                        session("ann", "s2").id()));
    }

    @Test
    void closing_one_of_several_sessions_tells_each_room_the_count_left_once_also_where_the_room_lingers() {
        node.connected("ann", "s2");
        node.connected("ann", "s3");
        node.joined(session("ann", "s1"), "lobby");
        node.joined(session("ann", "s2"), "dev");

        // s1 and s2 closed together, as when their node dies: one notice per room, with the final count
        Outcome closed = applied(p -> p.close(s -> !s.id().equals(session("ann", "s3").id()), at(9),
                TestNode.GRACE));
        value(node.announcer.announce(closed));

        assertThat(node.notices()).extracting(PresenceNotice::room, PresenceNotice::sessions,
                        PresenceNotice::countOnly, PresenceNotice::state, PresenceNotice::at)
                .containsExactly(tuple(room("dev"), 1, true, PresenceState.ONLINE, at(9)),
                        tuple(room("lobby"), 1, true, PresenceState.ONLINE, at(9)));
    }

    @Test
    void the_last_session_closing_and_one_coming_back_inside_the_grace_period_tell_no_room() {
        node.joined(session("ann", "s1"), "lobby");

        value(node.announcer.announce(applied(p -> p.close(session("ann", "s1").id(), at(5), TestNode.GRACE))));
        value(node.announcer.announce(applied(p -> p.open(session("ann", "s2"), at(6)))));

        assertThat(node.notices()).isEmpty();
    }

    @Test
    void a_join_carries_the_user_s_count_and_status_text() {
        node.connected("ann", "s2");
        value(node.announcer.announce(applied(p -> p.setStatus(session("ann", "s1").id(), Status.AWAY, "lunch",
                at(1)))));
        node.forgetInteractions();

        value(node.announcer.announce(applied(p -> p.join(session("ann", "s2").id(), room("lobby"), at(3)))));

        assertThat(node.notices()).singleElement().satisfies(n -> {
            assertThat(n.state()).isEqualTo(PresenceState.AWAY);
            assertThat(n.text()).isEqualTo("lunch");
            assertThat(n.sessions()).isEqualTo(2);
            assertThat(n.countOnly()).isFalse();
        });
    }

    @Test
    void the_user_next_deadline_gets_a_grace_timer() {
        PendingOffline pending = new PendingOffline(user("ann"), Status.ONLINE, null, at(0), at(0), at(3_000),
                Map.of(), 9);

        value(node.announcer.announce(new Outcome.Changed(pending, List.of())));

        assertThat(node.scheduler.pending()).singleElement()
                .satisfies(t -> assertThat(t.delay()).isEqualTo(Duration.ofMillis(3_000)));
    }

    @Test
    void completes_only_once_every_notice_is_on_the_bus_and_fails_if_one_could_not_be() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        when(node.presenceBus.publish(any())).thenReturn(first, second);
        var status = new PresenceEvent.StatusChanged(user("ann"), Status.AWAY, null, Set.of(room("a"), room("b")),
                null, at(5));

        CompletableFuture<Void> announced = node.announcer.announce(changedWith(status)).toCompletableFuture();
        first.complete(null);
        assertThat(announced).isNotDone();
        second.completeExceptionally(new StoreUnavailableException("bus down"));

        assertThat(failure(announced)).isInstanceOf(StoreUnavailableException.class);
    }
}
