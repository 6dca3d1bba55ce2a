package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.T0;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.domain.DomainException;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class WhoServiceTest {
    private final TestNode node = new TestNode();
    private final WhoService who = new WhoService(node.roster, new RoomMembers(node.directory, 0));

    @Test
    void a_member_sees_the_room_confirmed_against_presence_in_user_order() {
        Session ann = node.connected("ann", "s1");
        Session zed = node.elsewhere("zed", "z1");
        node.elsewhere("zed", "z2");
        node.joined(ann, "lobby");
        node.joinedElsewhere(zed, "lobby");
        node.connected("gone", "g1");
        node.roomIndex("lobby", "zed", "gone", "ann");

        MemberPage page = value(who.who(new WhoCommand(ann, room("lobby"))));

        assertThat(page.members()).containsExactly(
                new Member(user("ann"), PresenceState.ONLINE, T0, 1, null),
                new Member(user("zed"), PresenceState.ONLINE, T0, 2, null));
        assertThat(page.next()).isNull();
    }

    @Test
    void a_session_that_has_not_joined_is_refused_without_asking_the_store() {
        Session ann = node.connected("ann", "s1");

        Throwable failed = failure(who.who(new WhoCommand(ann, room("lobby"))));

        assertThat(failed).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_MEMBER));
        verifyNoInteractions(node.directory);
    }

    @Test
    void pages_walk_the_room_in_user_order_each_member_once_and_the_last_has_no_next() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        List<String> all = new ArrayList<>(List.of("ann"));
        for (int i = 0; i < 7; i++) {
            Session s = node.elsewhere("m" + i, "x" + i);
            node.joinedElsewhere(s, "lobby");
            all.add("m" + i);
        }
        node.roomIndex("lobby", all.toArray(String[]::new));

        List<String> walked = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            MemberPage page = value(who.who(new WhoCommand(ann, room("lobby"), 3, cursor)));
            page.members().forEach(m -> walked.add(m.user().value()));
            sizes.add(page.members().size());
            cursor = page.next();
        } while (cursor != null);

        assertThat(walked).containsExactly("ann", "m0", "m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(sizes).containsExactly(3, 3, 2);
    }

    /**
     * An index entry that is no longer a member is not listed, but the walk still goes on after it: the page is
     * short, not the last.
     */
    @Test
    void a_page_may_hold_fewer_members_than_asked_while_another_follows() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.connected("bea", "s2");
        node.connected("cid", "s3");
        Session dan = node.elsewhere("dan", "s4");
        node.joinedElsewhere(dan, "lobby");
        node.roomIndex("lobby", "ann", "bea", "cid", "dan");

        MemberPage first = value(who.who(new WhoCommand(ann, room("lobby"), 2, null)));
        MemberPage second = value(who.who(new WhoCommand(ann, room("lobby"), 2, first.next())));

        assertThat(first.members()).extracting(Member::user).containsExactly(user("ann"));
        assertThat(first.next()).isNotNull();
        assertThat(second.members()).extracting(Member::user).containsExactly(user("dan"));
        assertThat(second.next()).isNull();
    }

    /** The cost of a page is the page: the store is asked for the page's entries and their presences only. */
    @Test
    void a_page_reads_only_its_own_entries_and_presences() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        String[] indexed = new String[500];
        for (int i = 0; i < indexed.length; i++) {
            indexed[i] = String.format("u%03d", i);
            node.joinedElsewhere(node.elsewhere(indexed[i], "x" + i), "lobby");
        }
        node.roomIndex("lobby", indexed);

        MemberPage page = value(who.who(new WhoCommand(ann, room("lobby"), 10, null)));

        assertThat(page.members()).hasSize(10);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Collection<UserId>> asked = ArgumentCaptor.forClass(Collection.class);
        verify(node.directory).findAll(asked.capture());
        assertThat(asked.getValue()).hasSize(10);
        verify(node.directory).roomMembers(RoomId.of("lobby"), 10, null);
        verify(node.directory, never()).roomMembers(RoomId.of("lobby"));
    }

    @Test
    void a_garbled_or_forged_cursor_fails_without_reading_the_store() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.roomIndex("lobby", "ann", "bob");
        String ofAnn = value(who.who(new WhoCommand(ann, room("lobby"), 1, null))).next();
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("bob".getBytes(StandardCharsets.UTF_8))
                + ofAnn.substring(ofAnn.indexOf('.'));
        String online = OnlineCursors.encode(user("ann"));
        node.forgetInteractions();

        for (String bad : List.of("", "garbage", ".", "abc.", forged, online, ofAnn + "x", "y".repeat(5000))) {
            assertThat(failure(who.who(new WhoCommand(ann, room("lobby"), 10, bad))))
                    .as(bad.length() > 40 ? "long" : bad).isInstanceOf(BadCursorException.class);
        }
        verify(node.directory, never()).roomMembers(any(), anyInt(), any());
    }

    @Test
    void a_cursor_of_one_room_is_refused_in_another() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.joined(ann, "hall");
        node.roomIndex("lobby", "ann", "bob");
        node.roomIndex("hall", "ann", "bob");
        String ofLobby = value(who.who(new WhoCommand(ann, room("lobby"), 1, null))).next();

        assertThat(failure(who.who(new WhoCommand(ann, room("hall"), 1, ofLobby))))
                .isInstanceOf(BadCursorException.class);
        assertThat(value(who.who(new WhoCommand(ann, room("lobby"), 1, ofLobby))).members())
                .isEmpty();
        verify(node.directory, never()).roomMembers(eq(RoomId.of("hall")), anyInt(), any());
    }

    @Test
    void a_limit_out_of_bounds_is_refused_by_the_command() {
        Session ann = node.connected("ann", "s1");

        for (int bad : new int[] {0, -1, WhoCommand.MAX_LIMIT + 1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> new WhoCommand(ann, room("lobby"), bad, null))
                    .isInstanceOf(DomainException.class).hasMessageContaining("limit must be 1 to 1000");
        }
        assertThat(new WhoCommand(ann, room("lobby"), 1000, null).limit()).isEqualTo(1000);
        assertThat(new WhoCommand(ann, room("lobby")).limit()).isEqualTo(1000);
    }
}
