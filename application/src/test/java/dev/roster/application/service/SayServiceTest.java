package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.domain.DomainException;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import org.junit.jupiter.api.Test;

class SayServiceTest {
    private final TestNode node = new TestNode();
    private final SayService say = new SayService(node.messageBus, node.clock, node.roster);

    @Test
    void a_member_speaks_to_the_room_on_every_node_as_itself() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.clock.advanceMillis(7);

        value(say.say(new SayCommand(ann, room("lobby"), "hello")));

        verify(node.messageBus).publish(new ChatMessage(room("lobby"), user("ann"), "hello", at(7), ann.id()));
    }

    @Test
    void a_session_that_has_not_joined_is_refused_with_not_member_and_nothing_is_said() {
        Session ann = node.connected("ann", "s1");
        Session other = node.connected("ann", "s2");
        node.joined(other, "lobby");

        Throwable failed = failure(say.say(new SayCommand(ann, room("lobby"), "hello")));

        assertThat(failed).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_MEMBER));
        verify(node.messageBus, never()).publish(any());
    }

    @Test
    void text_must_be_one_to_32768_characters() {
        Session ann = node.connected("ann", "s1");

        assertThatThrownBy(() -> new SayCommand(ann, room("lobby"), ""))
                .isInstanceOf(DomainException.class).hasMessage("text must be 1 to 32768 characters");
        assertThatThrownBy(() -> new SayCommand(ann, room("lobby"), "x".repeat(32_769)))
                .isInstanceOf(DomainException.class);
        assertThat(new SayCommand(ann, room("lobby"), "x".repeat(32_768)).text()).hasSize(32_768);
    }
}
