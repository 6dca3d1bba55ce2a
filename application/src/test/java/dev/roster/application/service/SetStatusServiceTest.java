package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.SetStatusUseCase.StatusCommand;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.DomainException;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import org.junit.jupiter.api.Test;

class SetStatusServiceTest {
    private final TestNode node = new TestNode();
    private final SetStatusService setStatus = new SetStatusService(node.registry, node.clock, node.roster,
            node.announcer);

    @Test
    void a_new_status_reaches_every_room_of_the_user_and_is_remembered_for_a_restore() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "a");
        node.joined(ann, "b");
        node.clock.advanceMillis(30);

        value(setStatus.setStatus(new StatusCommand(ann, Status.AWAY, "lunch")));

        long version = node.presence("ann").version();
        assertThat(node.notices()).containsExactlyInAnyOrder(
                new PresenceNotice(room("a"), user("ann"), PresenceState.AWAY, "lunch", 1, false, at(30), version,
                        ann.id()),
                new PresenceNotice(room("b"), user("ann"), PresenceState.AWAY, "lunch", 1, false, at(30), version,
                        ann.id()));
        assertThat(node.presence("ann").since()).contains(at(30));
        assertThat(node.roster.get(ann.id()).orElseThrow().choice().get())
                .isEqualTo(new LocalRoster.Choice(Status.AWAY, "lunch"));
    }

    @Test
    void the_same_status_again_announces_nothing() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "a");

        value(setStatus.setStatus(new StatusCommand(ann, Status.ONLINE, null)));

        assertThat(node.notices()).isEmpty();
    }

    @Test
    void a_session_the_store_does_not_know_is_refused_and_nothing_is_remembered() {
        Session unknown = Sessions.session("ann", "s1");
        node.roster.add(unknown);

        Throwable failed = failure(setStatus.setStatus(new StatusCommand(unknown, Status.BUSY, null)));

        assertThat(failed).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NO_SESSION));
        assertThat(node.roster.get(unknown.id()).orElseThrow().choice().get()).isNull();
        assertThat(node.notices()).isEmpty();
    }

    @Test
    void a_bad_status_text_is_refused_before_anything_happens() {
        Session ann = node.connected("ann", "s1");

        assertThatThrownBy(() -> new StatusCommand(ann, Status.AWAY, "x".repeat(257)))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new StatusCommand(ann, null, null)).isInstanceOf(NullPointerException.class);
    }
}
