package dev.roster.application.port.out.contract;

import static dev.roster.application.port.out.contract.StoreFixture.GRACE;
import static dev.roster.application.port.out.contract.StoreFixture.NODE;
import static dev.roster.application.port.out.contract.StoreFixture.OTHER_NODE;
import static dev.roster.application.port.out.contract.StoreFixture.room;
import static dev.roster.application.port.out.contract.StoreFixture.session;
import static dev.roster.application.port.out.contract.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceDirectory.OnlinePage;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Online;
import dev.roster.domain.Outcome;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The indexes a {@link SessionRegistry} keeps for its {@link PresenceDirectory}: online users and their count,
 * room members, grace deadlines, users by node boot. Part of {@link PresenceStoreContract}.
 */
public abstract class PresenceIndexSuite extends PresenceStoreScaleSuite {

    @Test
    void theOnlineIndexListsOnlineAndPendingOfflineUsersOnly() {
        given.open("ann", "s1", t0);
        given.close(given.open("bob", "s2", t0), at(1));
        given.takeOffline("cat", "s3", t0);

        assertThat(given.find("bob")).isInstanceOf(PendingOffline.class);
        assertThat(given.page(100, null).users()).containsExactlyInAnyOrder(user("ann"), user("bob"));
        assertThat(given.page(100, null).next()).isNull();
        assertThat(given.onlineCount()).isEqualTo(2);

        given.open("bob", "s4", at(2));
        given.close(given.find("ann").sessions().values().iterator().next().session(), at(3));
        given.expire("ann", GRACE.deadlineFrom(at(3)));

        assertThat(given.page(100, null).users()).containsExactly(user("bob"));
        assertThat(given.onlineCount()).isEqualTo(1);
    }

    @Test
    void thePositionOfAPageIsItsLastUser() {
        for (int i = 0; i < 5; i++) {
            given.open("user-" + i, "s" + i, t0);
        }
        OnlinePage first = given.page(2, null);
        OnlinePage search = given.search("user-", 2, null);

        assertThat(first.next()).isEqualTo(first.users().get(1));
        assertThat(search.next()).isEqualTo(search.users().get(1));
        assertThat(given.page(5, null).next()).isNull();
    }

    /**
     * Positions come from clients (wrapped in a cursor, but a client may hold one from long ago or from another
     * node): one this directory never handed out still pages on, never lists its own user or any user twice.
     */
    @Test
    void aPositionThisDirectoryDidNotHandOutStillPagesOnWithoutRepeats() {
        Set<UserId> listed = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            listed.add(given.open("user-" + i, "s" + i, t0).user());
        }
        given.takeOffline("gone", "s-gone", t0);

        for (String forged : List.of("user-1", "user-4", "gone", "never-seen", "a", "zzzz", "user-", "x".repeat(64))) {
            UserId position = user(forged);
            for (String prefix : Arrays.asList(null, "", "user-", "user-3", "zz", "gone")) {
                List<UserId> pages = given.allPagesAfter(prefix, position, 2, 10);
                assertThat(pages).as("after %s, prefix %s", forged, prefix)
                        .doesNotHaveDuplicates()
                        .doesNotContain(position)
                        .allMatch(listed::contains)
                        .allMatch(u -> prefix == null || u.value().startsWith(prefix));
            }
        }
        assertThat(given.allPages(2, 10)).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void theRoomIndexHoldsEveryMemberIncludingThoseLingering() {
        Session ann1 = given.open("ann", "s1", t0);
        Session ann2 = given.open("ann", "s2", t0);
        Session bob = given.open("bob", "s3", t0);
        Session cat = given.open("cat", "s4", t0);
        given.join(ann1, "hall", at(1));
        given.join(ann2, "hall", at(1));
        given.join(bob, "hall", at(1));
        given.join(cat, "kitchen", at(1));

        assertThat(given.roomMembers("hall")).contains(user("ann"), user("bob")).doesNotContain(user("cat"));
        assertThat(given.roomMembers("kitchen")).contains(user("cat")).doesNotContain(user("ann"), user("bob"));

        given.close(ann1, at(2));
        given.close(ann2, at(3));
        assertThat(given.find("ann").inRoom(room("hall"))).isTrue();
        assertThat(given.roomMembers("hall")).contains(user("ann"), user("bob"));
        assertThat(given.roomMembers("empty")).isEmpty();
    }

    @Test
    void theRoomSizeCountsTheMembersOnceEachWhateverTheirSessions() {
        Session ann1 = given.open("ann", "s1", t0);
        Session ann2 = given.open("ann", "s2", t0);
        Session bob = given.open("bob", "s3", t0);
        given.join(ann1, "hall", at(1));
        given.join(ann2, "hall", at(1));
        given.join(bob, "hall", at(1));

        assertThat(given.roomSize("hall")).isEqualTo(2);
        assertThat(given.roomSize("empty")).isZero();

        given.leave(bob, "hall", at(2));
        assertThat(given.roomSize("hall")).isEqualTo(1);
    }

    @Test
    void aChangeOfMembershipCarriesTheSizeOfEachRoomItAlteredAndNoOther() {
        Session ann1 = given.open("ann", "s1", t0);
        Session ann2 = given.open("ann", "s2", t0);
        Session bob = given.open("bob", "s3", t0);
        given.join(ann1, "hall", at(1));
        given.join(bob, "kitchen", at(1));

        assertThat(given.join(bob, "hall", at(2))).isInstanceOfSatisfying(Outcome.Changed.class, changed ->
                assertThat(changed.roomSizes()).isEqualTo(Map.of(room("hall"), 2L)));
        // a second session of a member changes no room
        Outcome second = given.join(ann2, "hall", at(3));
        assertThat(second instanceof Outcome.Changed changed ? changed.roomSizes() : Map.of()).isEmpty();
        assertThat(given.leave(bob, "hall", at(4))).isInstanceOfSatisfying(Outcome.Changed.class, changed ->
                assertThat(changed.roomSizes()).isEqualTo(Map.of(room("hall"), 1L)));
        // the grace period running out takes the user out of every room at once
        given.close(bob, at(5));
        Outcome gone = given.expire("bob", GRACE.deadlineFrom(at(5)));
        assertThat(gone).isInstanceOfSatisfying(Outcome.Changed.class, changed ->
                assertThat(changed.roomSizes()).isEqualTo(Map.of(room("kitchen"), 0L)));
    }

    @Test
    void aRoomSampleHoldsOnlyMembersAndNoMoreThanAsked() {
        for (int i = 0; i < 30; i++) {
            given.join(given.open("m" + i, "sm" + i, t0), "hall", at(1));
        }
        Session left = given.open("gone", "sg", t0);
        given.join(left, "hall", at(1));
        given.leave(left, "hall", at(2));

        assertThat(given.roomSample("hall", 10)).hasSizeBetween(1, 10)
                .allSatisfy(u -> assertThat(u.value()).startsWith("m"));
        assertThat(given.roomSample("hall", 100)).hasSize(30).doesNotContain(user("gone"));
        assertThat(given.roomSample("empty", 10)).isEmpty();
    }

    @Test
    void roomPagesListTheIndexOnceInIdOrderAndTheLastPageHasNoNext() {
        List<UserId> members = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // names that sort differently from their numbers, and from the order they joined in
            String name = (i % 2 == 0 ? "b" : "a") + (100 - i);
            given.join(given.open(name, "s" + i, t0), "hall", at(1));
            members.add(user(name));
        }
        given.join(given.open("elsewhere", "s-else", t0), "kitchen", at(1));
        members.sort(null);

        assertThat(given.allRoomPages("hall", 5, 10, page -> { })).containsExactlyElementsOf(members);
        assertThat(given.allRoomPages("hall", 23, 2, page -> { })).containsExactlyElementsOf(members);
        assertThat(given.roomPage("hall", 23, null).next()).isNull();
        assertThat(given.roomPage("hall", 22, null).next()).isEqualTo(members.get(21));
        assertThat(given.roomPage("hall", 1000, members.get(22)).users()).isEmpty();
        assertThat(given.roomPage("hall", 1000, members.get(22)).next()).isNull();
        assertThat(given.roomPage("empty", 10, null).users()).isEmpty();
        assertThat(given.roomPage("empty", 10, null).next()).isNull();
    }

    /**
     * Members come and go between pages: every member present through the whole walk is listed exactly once,
     * nobody is listed twice, and nobody who was never in the room is listed.
     */
    @Test
    void aRoomWalkedWhileMembersComeAndGoListsEveryStayingMemberExactlyOnce() {
        List<Session> staying = new ArrayList<>();
        List<Session> leaving = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Session session = given.open(String.format("m%02d", i), "s" + i, t0);
            given.join(session, "hall", at(1));
            (i % 3 == 0 ? leaving : staying).add(session);
        }
        Set<UserId> everIn = new HashSet<>();
        staying.forEach(s -> everIn.add(s.user()));
        leaving.forEach(s -> everIn.add(s.user()));

        List<UserId> walked = given.allRoomPages("hall", 6, 40, page -> {
            // one leaves from anywhere in the room, two join: one before the walk's position, one after it
            if (page < leaving.size()) {
                given.leave(leaving.get(page), "hall", at(10 + page));
            }
            Session early = given.open("a-late-" + page, "early" + page, t0);
            Session late = given.open("z-late-" + page, "late" + page, t0);
            given.join(early, "hall", at(10 + page));
            given.join(late, "hall", at(10 + page));
            everIn.add(early.user());
            everIn.add(late.user());
        });

        assertThat(walked).doesNotHaveDuplicates().isSorted();
        assertThat(walked).containsAll(staying.stream().map(Session::user).toList());
        assertThat(everIn).containsAll(walked);
    }

    /** Positions come from clients: one this index never held still pages on, never repeating a user. */
    @Test
    void aRoomPositionTheIndexNeverHeldStillPagesOn() {
        for (String name : List.of("ann", "bob", "cat", "dan")) {
            given.join(given.open(name, "s-" + name, t0), "hall", at(1));
        }

        assertThat(given.roomPage("hall", 10, user("b")).users()).containsExactly(user("bob"), user("cat"),
                user("dan"));
        assertThat(given.roomPage("hall", 10, user("bobby")).users()).containsExactly(user("cat"), user("dan"));
        assertThat(given.roomPage("hall", 10, user("zzz")).users()).isEmpty();
        assertThat(given.roomPage("hall", 2, user("0")).users()).containsExactly(user("ann"), user("bob"));
    }

    @Test
    void dueForExpiryListsTheUsersWhoseNextDeadlinePassed() {
        given.close(given.open("ann", "s1", t0), t0);
        given.close(given.open("bob", "s2", t0), at(1000));
        Session cat1 = given.open("cat", "s3", t0);
        given.open("cat", "s4", t0);
        given.join(cat1, "hall", t0);
        given.close(cat1, t0);
        given.open("dan", "s5", t0);
        Instant first = GRACE.deadlineFrom(t0);
        Instant second = GRACE.deadlineFrom(at(1000));

        assertThat(given.due(first.minusMillis(1), 100)).isEmpty();
        assertThat(given.due(first, 100)).containsExactlyInAnyOrder(user("ann"), user("cat"));
        assertThat(given.due(second, 100)).containsExactlyInAnyOrder(user("ann"), user("bob"), user("cat"));
        assertThat(given.due(second, 2)).hasSize(2).doesNotHaveDuplicates()
                .isSubsetOf(user("ann"), user("bob"), user("cat"));

        given.expire("ann", first);
        given.expire("cat", first);
        assertThat(given.find("cat")).isInstanceOf(Online.class);
        assertThat(given.due(second.plus(Duration.ofDays(1)), 100)).containsExactly(user("bob"));
    }

    @Test
    void usersOnTellsTwoBootsOfOneNodeApart() {
        Session ann = given.open(session("s1", "ann", NODE, "boot-1", t0), t0);
        given.open(session("s2", "bob", NODE, "boot-2", t0), t0);
        given.open(session("s3", "cat", OTHER_NODE, "boot-1", t0), t0);
        given.open(session("s4", "dan", NODE, "boot-1", t0), t0);
        given.open(session("s5", "dan", OTHER_NODE, "boot-1", t0), t0);

        assertThat(given.usersOn(NODE, "boot-1")).containsExactlyInAnyOrder(user("ann"), user("dan"));
        assertThat(given.usersOn(NODE, "boot-2")).containsExactly(user("bob"));
        assertThat(given.usersOn(OTHER_NODE, "boot-1")).containsExactlyInAnyOrder(user("cat"), user("dan"));
        assertThat(given.usersOn(OTHER_NODE, "boot-2")).isEmpty();

        assertThat(given.usersOnByPart(NODE, "boot-1")).containsExactlyInAnyOrder(user("ann"), user("dan"));
        assertThat(given.usersOnByPart(OTHER_NODE, "boot-1")).containsExactlyInAnyOrder(user("cat"), user("dan"));
        assertThat(given.boots()).containsExactlyInAnyOrder(new NodeBoot(NODE, "boot-1"), new NodeBoot(NODE, "boot-2"),
                new NodeBoot(OTHER_NODE, "boot-1"));

        given.close(ann, at(1));
        given.apply("dan", p -> p.close(s -> s.heldBy(NODE, "boot-1"), at(1), GRACE));
        assertThat(given.usersOn(NODE, "boot-1")).isEmpty();
        assertThat(given.usersOnByPart(NODE, "boot-1")).isEmpty();
        assertThat(given.boots()).as("a boot whose last session closed holds nothing")
                .containsExactlyInAnyOrder(new NodeBoot(NODE, "boot-2"), new NodeBoot(OTHER_NODE, "boot-1"));
        assertThat(given.usersOn(OTHER_NODE, "boot-1")).containsExactlyInAnyOrder(user("cat"), user("dan"));
        assertThat(given.find("dan").sessions()).hasSize(1);
    }

    @Test
    void theOnlineCountFollowsEveryChange() {
        Session ann = given.open("ann", "s1", t0);
        given.open("ann", "s2", t0);
        given.open("bob", "s3", t0);
        assertThat(given.onlineCount()).isEqualTo(2);

        given.close(ann, at(1));
        given.setStatus(given.find("bob").sessions().values().iterator().next().session(), Status.BUSY, at(1));
        assertThat(given.onlineCount()).isEqualTo(2);

        given.takeOffline("cat", "s4", at(2));
        given.apply("ann", p -> p.close(s -> true, at(3), GRACE));
        assertThat(given.onlineCount()).isEqualTo(2);
        given.expire("ann", GRACE.deadlineFrom(at(3)));
        assertThat(given.onlineCount()).isEqualTo(1);
        assertThat(given.page(10, null).users()).containsExactly(user("bob"));
    }
}
