package dev.roster.application.service;

import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.AuthorizationUnavailableException;
import dev.roster.domain.Limits;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Who may join which room: the credentials' grants, else the authorizer when there is one, else open rooms; a
 * refusal is decided before the store is read or written, so it is the same whatever state the room is in.
 */
class JoinRoomAuthorizationTest {
    private static final RoomGrants TEAM_ONE = RoomGrants.of(List.of("team:1:*"));

    private final TestNode node = new TestNode();
    private final RecordingRegistry registry = new RecordingRegistry(node.registry);
    private final RoomAuthorizer authorizer = mock(RoomAuthorizer.class);

    private JoinRoomService joining(RoomAuthorizer hook, boolean roomsOpen, Limits limits) {
        return new JoinRoomService(registry, node.clock, node.roster, node.subscriptions, node.announcer,
                new RoomMembers(node.directory, 0), new RoomAccess(hook, roomsOpen), limits);
    }

    private JoinRoomService joining(RoomAuthorizer hook, boolean roomsOpen) {
        return joining(hook, roomsOpen, Limits.DEFAULT);
    }

    @Test
    void a_room_the_grants_name_is_joined_without_asking_the_authorizer() {
        Session ann = node.connected("ann", "s1");
        node.roomIndex("team:1:general", "ann");

        value(joining(authorizer, false).join(new JoinCommand(ann, room("team:1:general"), TEAM_ONE)));

        assertThat(node.roster.isMember(ann.id(), room("team:1:general"))).isTrue();
        verifyNoInteractions(authorizer);
    }

    @Test
    void a_room_outside_the_grants_is_joined_when_the_authorizer_allows_it() {
        Session ann = node.connected("ann", "s1");
        node.roomIndex("dm:ann:bob", "ann");
        when(authorizer.allows(user("ann"), room("dm:ann:bob"))).thenReturn(done(true));

        value(joining(authorizer, false).join(new JoinCommand(ann, room("dm:ann:bob"), TEAM_ONE)));

        assertThat(node.roster.isMember(ann.id(), room("dm:ann:bob"))).isTrue();
        assertThat(node.presence("ann").inRoom(room("dm:ann:bob"))).isTrue();
    }

    @Test
    void the_authorizer_decides_alone_even_when_rooms_are_open() {
        Session ann = node.connected("ann", "s1");
        when(authorizer.allows(any(), any())).thenReturn(done(false));
        registry.forget();

        Throwable refused = failure(joining(authorizer, true).join(new JoinCommand(ann, room("dm:bob:cy"), TEAM_ONE)));

        assertRejected(refused, Rejection.FORBIDDEN);
        assertNothingTouched(ann, "dm:bob:cy");
    }

    @Test
    void an_authorizer_that_cannot_answer_refuses_with_unavailable_and_never_lets_the_join_through() {
        Session ann = node.connected("ann", "s1");
        when(authorizer.allows(any(), any())).thenReturn(
                CompletableFuture.failedFuture(new AuthorizationUnavailableException("timed out")));
        registry.forget();

        Throwable refused = failure(joining(authorizer, true).join(new JoinCommand(ann, room("dm:ann:bob"), TEAM_ONE)));

        assertRejected(refused, Rejection.AUTHZ_UNAVAILABLE);
        assertNothingTouched(ann, "dm:ann:bob");
    }

    @Test
    void an_authorizer_that_throws_instead_of_failing_its_stage_is_unavailable_too() {
        Session ann = node.connected("ann", "s1");
        when(authorizer.allows(any(), any())).thenThrow(new AuthorizationUnavailableException("refused"));

        Throwable refused = failure(joining(authorizer, false)
                .join(new JoinCommand(ann, room("dm:ann:bob"), TEAM_ONE)));

        assertRejected(refused, Rejection.AUTHZ_UNAVAILABLE);
    }

    @Test
    void an_authorizer_failing_in_an_unexpected_way_still_refuses_the_join() {
        Session ann = node.connected("ann", "s1");
        when(authorizer.allows(any(), any()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("bug")));
        registry.forget();

        Throwable refused = failure(joining(authorizer, true).join(new JoinCommand(ann, room("dm:ann:bob"), TEAM_ONE)));

        assertThat(refused).isInstanceOf(IllegalStateException.class);
        assertNothingTouched(ann, "dm:ann:bob");
    }

    @Test
    void without_an_authorizer_open_rooms_let_anyone_in() {
        Session ann = node.connected("ann", "s1");
        node.roomIndex("anywhere", "ann");

        value(joining(RoomAuthorizer.NONE, true).join(new JoinCommand(ann, room("anywhere"), RoomGrants.NONE)));

        assertThat(node.roster.isMember(ann.id(), room("anywhere"))).isTrue();
    }

    @Test
    void without_an_authorizer_or_open_rooms_a_room_outside_the_grants_is_forbidden() {
        Session ann = node.connected("ann", "s1");
        registry.forget();

        Throwable refused = failure(joining(RoomAuthorizer.NONE, false)
                .join(new JoinCommand(ann, room("team:2:general"), TEAM_ONE)));

        assertRejected(refused, Rejection.FORBIDDEN);
        assertNothingTouched(ann, "team:2:general");
    }

    @Test
    void a_forbidden_room_answers_the_same_whether_it_is_full_empty_or_never_seen() {
        Session ann = node.connected("ann", "s1");
        for (int i = 0; i < 5; i++) {
            node.joinedElsewhere(node.elsewhere("member" + i, "m" + i), "dm:bob:cy");
        }
        Session gone = node.elsewhere("dee", "d1");
        node.joinedElsewhere(gone, "empty-now");
        node.registry.apply(user("dee"), p -> p.leave(gone.id(), room("empty-now"), node.clock.now()));
        node.forgetInteractions();
        registry.forget();
        JoinRoomService join = joining(RoomAuthorizer.NONE, false);

        List<String> answers = new ArrayList<>();
        for (String name : List.of("dm:bob:cy", "empty-now", "never-seen")) {
            Throwable refused = failure(join.join(new JoinCommand(ann, room(name), TEAM_ONE)));
            assertRejected(refused, Rejection.FORBIDDEN);
            answers.add(refused.getClass() + " " + refused.getMessage());
            assertNothingTouched(ann, name);
        }

        assertThat(answers).containsOnly(answers.get(0));
    }

    @Test
    void a_session_rejoining_a_room_it_is_in_is_not_asked_about_again() {
        Session ann = node.connected("ann", "s1");
        node.roomIndex("dm:ann:bob", "ann");
        when(authorizer.allows(user("ann"), room("dm:ann:bob"))).thenReturn(done(true));
        JoinRoomService join = joining(authorizer, false);
        value(join.join(new JoinCommand(ann, room("dm:ann:bob"), TEAM_ONE)));
        when(authorizer.allows(user("ann"), room("dm:ann:bob"))).thenReturn(done(false));

        value(join.join(new JoinCommand(ann, room("dm:ann:bob"), TEAM_ONE)));

        verify(authorizer).allows(user("ann"), room("dm:ann:bob"));
    }

    @Test
    void a_session_in_as_many_rooms_as_it_may_be_is_refused_another_and_nothing_is_heard_or_said() {
        Session ann = node.connected("ann", "s1");
        node.roomIndex("r1", "ann");
        node.roomIndex("r2", "ann");
        node.roomIndex("r3", "ann");
        JoinRoomService join = joining(RoomAuthorizer.NONE, false, new Limits(32, 2));
        value(join.join(new JoinCommand(ann, room("r1"), RoomGrants.ALL)));
        value(join.join(new JoinCommand(ann, room("r2"), RoomGrants.ALL)));
        node.forgetInteractions();

        Throwable refused = failure(join.join(new JoinCommand(ann, room("r3"), RoomGrants.ALL)));

        assertRejected(refused, Rejection.TOO_MANY_ROOMS);
        assertThat(node.roster.isMember(ann.id(), room("r3"))).isFalse();
        assertThat(node.presence("ann").inRoom(room("r3"))).isFalse();
        // the room was subscribed while the join committed; the refusal gave the subscription back
        verify(node.presenceBus).subscribe(room("r3"));
        verify(node.presenceBus).unsubscribe(room("r3"));
        verify(node.messageBus).unsubscribe(room("r3"));
        assertThat(node.roster.hears(room("r3"))).isFalse();
        assertThat(node.notices()).isEmpty();
        // a room it is already in is no new room
        value(join.join(new JoinCommand(ann, room("r2"), RoomGrants.ALL)));
    }

    private void assertNothingTouched(Session session, String name) {
        assertThat(registry.applied).as("the store was not written").isEmpty();
        verifyNoInteractions(node.directory);
        verify(node.presenceBus, never()).subscribe(any());
        verify(node.messageBus, never()).subscribe(any());
        assertThat(node.notices()).isEmpty();
        assertThat(node.roster.isMember(session.id(), room(name))).isFalse();
    }

    private static void assertRejected(Throwable failure, Rejection expected) {
        assertThat(failure).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(expected));
    }

    /** The registry of the test node, telling which users were asked for, so a test sees the store left alone. */
    private static final class RecordingRegistry implements SessionRegistry {
        private final SessionRegistry real;
        final List<UserId> applied = new ArrayList<>();

        RecordingRegistry(SessionRegistry real) {
            this.real = real;
        }

        void forget() {
            applied.clear();
        }

        @Override
        public java.util.concurrent.CompletionStage<dev.roster.domain.Outcome> apply(UserId user,
                dev.roster.domain.Transition transition) {
            applied.add(user);
            return real.apply(user, transition);
        }
    }
}
