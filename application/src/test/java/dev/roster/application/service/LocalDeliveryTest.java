package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.ClientEvent.Crowd;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.SessionId;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocalDeliveryTest {
    private final LocalRoster roster = new LocalRoster();
    private final ClientGateway gateway = mock(ClientGateway.class);
    private final PresenceDirectory directory = mock(PresenceDirectory.class);
    private final Telemetry telemetry = mock(Telemetry.class);
    private final LocalDelivery delivery = new LocalDelivery(roster, gateway, directory, 0, telemetry);

    private final Session ann = inLobby("ann", "s1");
    private final Session bob = inLobby("bob", "s2");
    private final Session cy = inLobby("cy", "s3");

    private Session inLobby(String user, String id) {
        Session session = Sessions.session(user, id);
        roster.add(session);
        roster.join(session.id(), room("lobby"), r -> { });
        return session;
    }

    private static PresenceNotice notice(String user, PresenceState state, long version, SessionId origin) {
        return new PresenceNotice(room("lobby"), user(user), state, null, 1, false, at(0), version, origin);
    }

    private static Collection<SessionId> exactly(SessionId... ids) {
        return argThat(targets -> targets != null && targets.size() == ids.length
                && Set.copyOf(targets).equals(Set.of(ids)));
    }

    @Test
    void presence_reaches_every_local_member_but_the_session_it_came_from() {
        PresenceNotice joined = notice("ann", PresenceState.ONLINE, 10, ann.id());

        delivery.presence(joined);

        verify(gateway).deliver(exactly(bob.id(), cy.id()), eq(joined));
    }

    @Test
    void presence_from_another_node_reaches_every_local_member() {
        PresenceNotice remote = notice("zed", PresenceState.AWAY, 10, SessionId.of("remote-1"));

        delivery.presence(remote);

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(remote));
    }

    @Test
    void a_notice_only_its_origin_would_hear_is_not_delivered() {
        LocalRoster alone = new LocalRoster();
        Session only = Sessions.session("ann", "s1");
        alone.add(only);
        alone.join(only.id(), room("lobby"), r -> { });

        new LocalDelivery(alone, gateway, directory, 0, telemetry)
                .presence(notice("ann", PresenceState.ONLINE, 1, only.id()));

        verifyNoInteractions(gateway);
    }

    @Test
    void a_message_reaches_everyone_in_the_room_the_sender_too() {
        ChatMessage hello = new ChatMessage(room("lobby"), user("ann"), "hello", at(0), ann.id());

        delivery.message(hello);

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(hello));
    }

    @Test
    void nothing_is_delivered_for_a_room_nobody_here_is_in() {
        delivery.presence(new PresenceNotice(room("elsewhere"), user("zed"), PresenceState.ONLINE, null, 1, false, at(0), 1,
                null));
        delivery.message(new ChatMessage(room("elsewhere"), user("zed"), "hi", at(0), null));

        verifyNoInteractions(gateway);
    }

    @Test
    void a_notice_older_than_one_already_delivered_for_that_user_is_dropped() {
        PresenceNotice offline = notice("zed", PresenceState.OFFLINE, 20, null);
        PresenceNotice lateOnline = notice("zed", PresenceState.ONLINE, 19, null);
        PresenceNotice sameAgain = notice("zed", PresenceState.AWAY, 20, null);

        delivery.presence(offline);
        delivery.presence(lateOnline);
        delivery.presence(sameAgain);

        verify(gateway).deliver(any(), eq(offline));
        verify(gateway, never()).deliver(any(), eq(lateOnline));
        verify(gateway, never()).deliver(any(), eq(sameAgain));
    }

    @Test
    void versions_are_kept_per_user_so_another_user_is_never_dropped() {
        PresenceNotice zed = notice("zed", PresenceState.ONLINE, 20, null);
        PresenceNotice yan = notice("yan", PresenceState.ONLINE, 5, null);

        delivery.presence(zed);
        delivery.presence(yan);

        verify(gateway).deliver(any(), eq(yan));
    }

    @Test
    void a_large_room_hears_its_changes_counted_once_a_tick_instead_of_one_frame_each() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 3, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(java.util.concurrent.CompletableFuture.completedFuture(
                1_200L));

        crowded.presence(notice("dee", PresenceState.ONLINE, 1, null));
        crowded.presence(notice("eve", PresenceState.ONLINE, 2, null));
        crowded.presence(notice("fay", PresenceState.OFFLINE, 3, null));
        verify(gateway, never()).deliver(any(), any());

        crowded.flush(at(100));

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(new Crowd(room("lobby"), 1_200L, 2, 1,
                at(100))));
        crowded.flush(at(200));
        verify(gateway, org.mockito.Mockito.times(1)).deliver(any(), any());
    }

    @Test
    void a_crowd_count_whose_room_size_cannot_be_read_is_told_and_sent_with_the_next_flush() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 3, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(
                CompletableFuture.failedFuture(new StoreUnavailableException("down")),
                CompletableFuture.completedFuture(1_200L));
        crowded.presence(notice("dee", PresenceState.ONLINE, 1, null));

        crowded.flush(at(100));

        verify(telemetry).housekeepingFailed(eq("room size for a crowd count"), any(StoreUnavailableException.class));
        verify(gateway, never()).deliver(any(), any());
        crowded.flush(at(200));
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(new Crowd(room("lobby"), 1_200L, 1, 0,
                at(200))));
    }

    @Test
    void a_room_below_the_size_keeps_one_presence_frame_per_change() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 4, telemetry);
        PresenceNotice joined = notice("dee", PresenceState.ONLINE, 1, null);

        crowded.presence(joined);
        crowded.flush(at(100));

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(joined));
        verifyNoInteractions(directory);
    }

    /** A join or a leave from a node that said the room's size across every node after it. */
    private static PresenceNotice sized(String user, PresenceState state, long version, long roomSize) {
        return new PresenceNotice(room("lobby"), user(user), state, null, state == PresenceState.OFFLINE ? 0 : 1,
                false, at(0), version, SessionId.of("remote-" + user), roomSize);
    }

    @Test
    void a_room_large_across_the_cluster_is_counted_though_few_of_its_members_are_on_this_node() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 20, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(CompletableFuture.completedFuture(21L));

        crowded.presence(sized("dee", PresenceState.ONLINE, 1, 20));
        crowded.presence(sized("eve", PresenceState.ONLINE, 2, 21));
        verify(gateway, never()).deliver(any(), any());

        crowded.flush(at(100));
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(new Crowd(room("lobby"), 21L, 2, 0,
                at(100))));
    }

    @Test
    void a_notice_that_does_not_say_the_size_goes_by_the_last_size_told() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 20, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(CompletableFuture.completedFuture(30L));
        crowded.presence(sized("dee", PresenceState.ONLINE, 1, 30));

        // a status change, or a join from a node of an earlier version
        crowded.presence(notice("eve", PresenceState.AWAY, 2, null));
        crowded.flush(at(100));

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(new Crowd(room("lobby"), 30L, 2, 0,
                at(100))));
        verify(gateway, never()).deliver(any(), argThat(e -> e instanceof PresenceNotice));
    }

    @Test
    void a_large_room_is_listed_again_only_once_it_fell_a_tenth_below_the_threshold() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 20, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(CompletableFuture.completedFuture(18L));
        PresenceNotice nineteenth = sized("dee", PresenceState.ONLINE, 1, 19);
        crowded.presence(nineteenth);
        verify(gateway).deliver(any(), eq(nineteenth));

        crowded.presence(sized("eve", PresenceState.ONLINE, 2, 20));
        crowded.presence(sized("eve", PresenceState.OFFLINE, 3, 19));
        crowded.presence(sized("dee", PresenceState.OFFLINE, 4, 18));
        verify(gateway, org.mockito.Mockito.times(1)).deliver(any(), any());

        PresenceNotice seventeenth = sized("fay", PresenceState.OFFLINE, 5, 17);
        crowded.presence(seventeenth);
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(seventeenth));
        // listed again, it is counted again only from the threshold on
        PresenceNotice back = sized("gus", PresenceState.ONLINE, 6, 19);
        crowded.presence(back);
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(back));
    }

    @Test
    void the_size_a_flush_reads_lets_a_room_that_shrank_unseen_be_listed_again() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 20, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(CompletableFuture.completedFuture(5L));
        crowded.presence(sized("dee", PresenceState.ONLINE, 1, 25));
        // the leaves came from nodes of an earlier version, which do not say the size
        crowded.presence(notice("eve", PresenceState.OFFLINE, 2, null));
        crowded.flush(at(100));
        clearInvocations(gateway);

        PresenceNotice unsized = notice("fay", PresenceState.ONLINE, 3, null);
        crowded.presence(unsized);

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(unsized));
    }

    @Test
    void this_node_s_own_sessions_in_a_room_count_whatever_size_was_told() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 3, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(CompletableFuture.completedFuture(3L));
        crowded.presence(sized("dee", PresenceState.ONLINE, 1, 1));

        crowded.presence(notice("eve", PresenceState.ONLINE, 2, null));
        crowded.flush(at(100));

        // three sessions here: counted, whatever the size last told
        verify(gateway, never()).deliver(any(), argThat(e -> e instanceof PresenceNotice));
        verify(gateway).deliver(any(), eq(new Crowd(room("lobby"), 3L, 2, 0, at(100))));
    }

    private static PresenceNotice recount(String user, int sessions, long version) {
        return new PresenceNotice(room("lobby"), user(user), PresenceState.ONLINE, null, sessions, true, at(0),
                version, null);
    }

    @Test
    void a_member_s_new_device_count_reaches_a_small_room_as_a_presence_frame() {
        PresenceNotice two = recount("ann", 2, 5);

        delivery.presence(two);

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(two));
    }

    @Test
    void a_large_room_is_not_sent_device_counts_and_counts_its_other_changes_as_before() {
        LocalDelivery crowded = new LocalDelivery(roster, gateway, directory, 3, telemetry);
        when(directory.roomSize(room("lobby"))).thenReturn(java.util.concurrent.CompletableFuture.completedFuture(
                1_200L));

        crowded.presence(recount("dee", 2, 1));
        crowded.flush(at(100));
        verify(gateway, never()).deliver(any(), any());

        crowded.presence(recount("dee", 3, 2));
        crowded.presence(notice("eve", PresenceState.ONLINE, 3, null));
        crowded.flush(at(200));
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), eq(new Crowd(room("lobby"), 1_200L, 1, 0,
                at(200))));
        // a late join of dee, older than the counts already seen, is still dropped
        crowded.presence(notice("dee", PresenceState.ONLINE, 1, null));
        crowded.flush(at(300));
        verify(gateway, org.mockito.Mockito.times(1)).deliver(any(), any());
    }

    /** The store's view of a user in the lobby, as a real store would answer it. */
    private static Presence inTheLobby(String user, String id) {
        Session session = Sessions.session(user, id);
        Presence open = Presence.unknown(user(user)).open(session, at(0)).presence();
        return open.join(session.id(), room("lobby"), at(0)).presence();
    }

    @Test
    void an_audit_tells_the_room_a_member_the_store_lost_is_offline_and_every_member_it_lists_its_state() {
        delivery.presence(notice("zed", PresenceState.ONLINE, 10, SessionId.of("remote-1")));
        delivery.presence(notice("ann", PresenceState.ONLINE, 11, ann.id()));
        // the store lost zed (its node died before it could put zed back); ann is still there
        when(directory.roomMembers(room("lobby"))).thenReturn(CompletableFuture.completedFuture(
                Set.of(user("ann"), user("zed"))));
        when(directory.findAll(any())).thenReturn(CompletableFuture.completedFuture(List.of(
                inTheLobby("ann", "s1"), Presence.unknown(user("zed")))));
        clearInvocations(gateway);

        int corrected = delivery.auditAll(at(5_000)).toCompletableFuture().join();

        assertThat(corrected).isEqualTo(2);
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), argThat(e -> e instanceof PresenceNotice n
                && n.user().equals(user("zed")) && n.state() == PresenceState.OFFLINE));
        // ann was told before, but a session that joined later may only have been listed her: told again
        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), argThat(e -> e instanceof PresenceNotice n
                && n.user().equals(user("ann")) && n.state() == PresenceState.ONLINE));

        clearInvocations(gateway);
        assertThat(delivery.auditAll(at(6_000)).toCompletableFuture().join()).as("zed only once")
                .isEqualTo(1);
        verify(gateway, never()).deliver(any(), argThat(e -> e instanceof PresenceNotice n
                && n.user().equals(user("zed"))));
    }

    @Test
    void an_audit_also_corrects_what_a_joiner_was_listed() {
        delivery.listed(room("lobby"), List.of(new dev.roster.application.port.in.Member(user("zed"),
                PresenceState.ONLINE, at(0), 1, null)));
        when(directory.roomMembers(room("lobby"))).thenReturn(CompletableFuture.completedFuture(Set.of()));
        when(directory.findAll(any())).thenReturn(CompletableFuture.completedFuture(List.of()));

        assertThat(delivery.auditAll(at(5_000)).toCompletableFuture().join()).isEqualTo(1);

        verify(gateway).deliver(exactly(ann.id(), bob.id(), cy.id()), argThat(e -> e instanceof PresenceNotice n
                && n.user().equals(user("zed")) && n.state() == PresenceState.OFFLINE));
    }

    @Test
    void a_member_told_offline_is_forgotten_so_a_busy_room_remembers_only_its_members() {
        delivery.presence(notice("zed", PresenceState.ONLINE, 10, SessionId.of("remote-1")));
        delivery.presence(notice("zed", PresenceState.OFFLINE, 11, SessionId.of("remote-1")));
        when(directory.roomMembers(room("lobby"))).thenReturn(CompletableFuture.completedFuture(Set.of()));
        when(directory.findAll(any())).thenReturn(CompletableFuture.completedFuture(List.of()));
        clearInvocations(gateway);

        assertThat(delivery.auditAll(at(5_000)).toCompletableFuture().join()).as("nothing to correct").isZero();
        verifyNoInteractions(gateway);
    }
}
