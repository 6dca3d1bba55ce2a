package dev.roster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @Test
    void status_parses_its_wire_names_and_shows_as_the_same_presence() {
        for (Status status : Status.values()) {
            assertThat(Status.parse(status.wire())).isSameAs(status);
            assertThat(status.asState().wire()).isEqualTo(status.wire());
        }
        assertThat(Status.BUSY.wire()).isEqualTo("busy");
        assertThat(PresenceState.OFFLINE.wire()).isEqualTo("offline");
    }

    @ParameterizedTest(name = "status \"{0}\" is refused")
    @NullSource
    @ValueSource(strings = {"", "offline", "ONLINE", "Away", " busy", "dnd"})
    void status_refuses_anything_but_online_away_busy(String wire) {
        assertThatThrownBy(() -> Status.parse(wire))
                .isInstanceOf(DomainException.class)
                .hasMessage("status must be one of online, away, busy");
    }

    @Test
    void status_text_may_be_absent_or_up_to_256_printable_characters() {
        assertThat(StatusText.check(null)).isNull();
        assertThat(StatusText.check("in a meeting")).isEqualTo("in a meeting");
        assertThat(StatusText.check("é".repeat(256))).hasSize(256);
    }

    @Test
    void status_text_longer_than_256_characters_is_refused() {
        assertThatThrownBy(() -> StatusText.check("x".repeat(257)))
                .isInstanceOf(DomainException.class)
                .hasMessage("status text must be at most 256 characters");
    }

    @ParameterizedTest(name = "status text with control character {index} is refused")
    @ValueSource(strings = {"line\nbreak", "tab\there", "nul\u0000", "del\u007f"})
    void status_text_with_control_characters_is_refused(String text) {
        assertThatThrownBy(() -> StatusText.check(text))
                .isInstanceOf(DomainException.class)
                .hasMessage("status text must not contain control characters");
    }

    @Test
    void device_label_defaults_to_unknown_and_is_checked() {
        assertThat(Session.checkDevice(null)).isEqualTo("unknown");
        assertThat(Session.checkDevice("")).isEqualTo("unknown");
        assertThat(Session.checkDevice("iPhone 15")).isEqualTo("iPhone 15");
        assertThatThrownBy(() -> Session.checkDevice("d".repeat(65)))
                .isInstanceOf(DomainException.class)
                .hasMessage("device label must be at most 64 characters");
        assertThatThrownBy(() -> Session.checkDevice("web\r\n"))
                .isInstanceOf(DomainException.class)
                .hasMessage("device label must not contain control characters");
    }

    @Test
    void a_session_knows_which_boot_of_which_node_holds_it() {
        Session session = new Session(SessionId.of("s1"), UserId.of("ann"), NodeId.of("n1"), "b1", null, Fixtures.T0);

        assertThat(session.device()).isEqualTo("unknown");
        assertThat(session.heldBy(NodeId.of("n1"), "b1")).isTrue();
        assertThat(session.heldBy(NodeId.of("n1"), "b2")).isFalse();
        assertThat(session.heldBy(NodeId.of("n2"), "b1")).isFalse();
    }

    @Test
    void grace_period_sets_the_deadline_and_cannot_be_negative() {
        Instant now = Fixtures.T0;

        assertThat(GracePeriod.ofMillis(3_000).deadlineFrom(now)).isEqualTo(now.plusSeconds(3));
        assertThat(GracePeriod.ofMillis(0).deadlineFrom(now)).isEqualTo(now);
        assertThatThrownBy(() -> new GracePeriod(Duration.ofMillis(-1)))
                .isInstanceOf(DomainException.class)
                .hasMessage("grace period must not be negative");
    }

    @Test
    void rejections_carry_their_wire_code() {
        assertThat(Rejection.NOT_MEMBER.code()).isEqualTo("not_member");
        assertThat(Rejection.NO_SESSION.code()).isEqualTo("no_session");
        assertThat(Rejection.NOT_MEMBER.message()).isNotBlank();
    }

    @Test
    void an_unknown_user_is_offline_never_seen_at_version_zero() {
        Presence unknown = Presence.unknown(UserId.of("ann"));

        assertThat(unknown).isEqualTo(new Offline(UserId.of("ann"), null, 0));
        assertThat(unknown.listed()).isFalse();
        assertThat(unknown.state()).isEqualTo(PresenceState.OFFLINE);
        assertThat(unknown.lastSeen()).isEmpty();
        assertThat(unknown.status()).isEmpty();
        assertThat(unknown.since()).isEmpty();
        assertThat(unknown.rooms()).isEmpty();
        assertThat(unknown.nextDeadline()).isEmpty();
    }

    @Test
    void a_node_boot_reads_back_what_it_writes_and_nothing_else() {
        NodeBoot boot = new NodeBoot(NodeId.of("node-a"), "3f2c");

        assertThat(NodeBoot.parse(boot.toString())).isEqualTo(boot);
        assertThat(NodeBoot.parse("node-a")).isNull();
        assertThat(NodeBoot.parse(" 3f2c")).isNull();
        assertThat(NodeBoot.parse("bad{node} 3f2c")).isNull();
        assertThat(NodeBoot.parse(null)).isNull();
    }
}
