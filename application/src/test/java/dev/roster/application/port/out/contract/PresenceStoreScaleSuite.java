package dev.roster.application.port.out.contract;

import static dev.roster.application.port.out.contract.StoreFixture.BOOT;
import static dev.roster.application.port.out.contract.StoreFixture.GRACE;
import static dev.roster.application.port.out.contract.StoreFixture.NODE;
import static dev.roster.application.port.out.contract.StoreFixture.OTHER_NODE;
import static dev.roster.application.port.out.contract.StoreFixture.session;
import static dev.roster.application.port.out.contract.StoreFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.Limits;
import dev.roster.domain.NodeId;
import dev.roster.domain.Outcome;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Paging the online index with hundreds of users, and many threads applying transitions at once: what a store
 * must survive beyond the single-step behaviour of {@link PresenceStoreContract}.
 */
public abstract class PresenceStoreScaleSuite extends PresenceStoreSuite {
    private static final int THREADS = 8;

    @Test
    void everyOnlineUserAppearsExactlyOnceWhateverThePageSize() {
        Set<UserId> expected = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            expected.add(given.open("u-" + i, "s-" + i, t0).user());
        }
        // ids that sort differently as text, as bytes and by case
        for (String odd : List.of("Zed", "adam", "0-x", "a.b@c:d", "_", "Z", "z", "u-99a")) {
            expected.add(given.open(odd, "s-" + odd, t0).user());
        }
        given.takeOffline("gone", "s-gone", t0);

        for (int limit : new int[] {1, 3, 50, 257, 258, 259, 1000}) {
            List<UserId> seen = given.allPages(limit, 2 * expected.size() + 10);
            assertThat(seen).as("limit %d", limit).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).as("limit %d", limit).isEqualTo(expected);
        }
        assertThat(given.onlineCount()).isEqualTo(expected.size());
    }

    @Test
    void pagingSurvivesUsersComingAndGoingBetweenPages() {
        Set<UserId> all = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            all.add(given.open("u-" + i, "s-" + i, t0).user());
        }
        var first = given.page(10, null);
        assertThat(first.users()).hasSize(10);
        UserId atCursor = first.users().get(first.users().size() - 1);
        UserId later = all.stream().filter(u -> !first.users().contains(u)).findFirst().orElseThrow();
        leave(atCursor);
        leave(later);
        given.open("aaa-new", "s-aaa", at(1));
        given.open("zzz-new", "s-zzz", at(1));

        List<UserId> seen = new ArrayList<>(first.users());
        UserId cursor = first.next();
        for (int i = 0; i < 100 && cursor != null; i++) {
            var page = given.page(10, cursor);
            seen.addAll(page.users());
            cursor = page.next();
        }

        assertThat(cursor).isNull();
        assertThat(seen).doesNotHaveDuplicates().doesNotContain(later);
        Set<UserId> throughout = new HashSet<>(all);
        throughout.remove(atCursor);
        throughout.remove(later);
        assertThat(seen).containsAll(throughout);
    }

    private void leave(UserId user) {
        Session session = given.find(user.value()).sessions().values().iterator().next().session();
        given.close(session, at(1));
        given.expire(user.value(), GRACE.deadlineFrom(at(1)));
    }

    @Test
    void aPrefixSearchFindsEveryListedUserWithThePrefixExactlyOnce() {
        Set<UserId> teamA = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            teamA.add(given.open("team-a-" + i, "sa-" + i, t0).user());
            given.open("team-b-" + i, "sb-" + i, t0);
            given.open("other-" + i, "so-" + i, t0);
        }
        teamA.add(given.open("team-a", "sa", t0).user());
        given.open("team-", "s-dash", t0);
        given.open("team", "s-team", t0);
        given.open("TEAM-a-1", "s-upper", t0);
        given.takeOffline("team-a-gone", "s-gone", t0);

        for (int limit : new int[] {1, 7, 41, 500}) {
            List<UserId> seen = given.allPages("team-a", limit, 400);
            assertThat(seen).as("limit %d", limit).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).as("limit %d", limit).isEqualTo(teamA);
        }
        assertThat(given.allPages("", 1000, 10)).hasSize(124);
        assertThat(given.allPages("nobody", 10, 400)).isEmpty();
        assertThat(given.allPages("~!", 10, 400)).isEmpty();
    }

    @Test
    void concurrentTransitionsOnOneUserAreSerialised() throws Exception {
        int pairs = 200;
        Session keeper = given.open("ann", "keeper", t0);
        List<Callable<List<Long>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(() -> {
                List<Long> versions = new ArrayList<>();
                for (int i = 0; i < pairs; i++) {
                    Session s = session("t" + thread + "-" + i, "ann", at(i));
                    Instant now = at(i);
                    versions.add(changed(given.apply("ann", p -> p.open(s, now))));
                    versions.add(changed(given.apply("ann", p -> p.close(s.id(), now, GRACE))));
                }
                return versions;
            });
        }

        List<List<Long>> perThread = runTogether(workers);

        Set<Long> all = new HashSet<>();
        long highest = 0;
        for (List<Long> versions : perThread) {
            assertThat(versions).isSorted().doesNotHaveDuplicates();
            all.addAll(versions);
            highest = Math.max(highest, versions.get(versions.size() - 1));
        }
        assertThat(all).as("every change got its own version").hasSize(THREADS * pairs * 2);
        assertThat(given.find("ann").sessions()).containsOnlyKeys(keeper.id());
        assertThat(given.find("ann").version()).isEqualTo(highest);
        assertThat(given.page(10, null).users()).containsExactly(user("ann"));
        assertThat(given.onlineCount()).isEqualTo(1);
        assertThat(given.usersOn(NODE, BOOT)).containsExactly(user("ann"));
    }

    @Test
    void concurrentTransitionsOnManyUsersKeepEveryIndexInStep() throws Exception {
        int perThread = 40;
        List<Callable<List<Long>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    String user = "t" + thread + "-u" + i;
                    Session s = given.open(user, user + "-s", t0);
                    given.join(s, "hall", at(1));
                    if (i % 2 == 1) {
                        given.close(s, at(2));
                        given.expire(user, GRACE.deadlineFrom(at(2)));
                    }
                }
                return List.of();
            });
        }

        runTogether(workers);

        Set<UserId> staying = new HashSet<>();
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i += 2) {
                staying.add(user("t" + t + "-u" + i));
            }
        }
        assertThat(new HashSet<>(given.allPages(1000, 10))).isEqualTo(staying);
        assertThat(given.onlineCount()).isEqualTo(staying.size());
        assertThat(given.roomMembers("hall")).containsAll(staying);
        assertThat(given.usersOn(NODE, BOOT)).isEqualTo(staying);
        assertThat(given.due(GRACE.deadlineFrom(at(2)).plusSeconds(3600), 1000)).isEmpty();
    }

    @Test
    void sessionsOpenedTogetherOnTwoNodesNeverPassTheLimit() throws Exception {
        Limits limits = new Limits(5, 100);
        int perThread = 6;
        List<Callable<List<Outcome>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            // half the threads open as one node, half as the other: the limit counts sessions on every node
            NodeId node = thread % 2 == 0 ? NODE : OTHER_NODE;
            workers.add(() -> {
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    Session s = session("t" + thread + "-" + i, "ann", node, "boot-" + node.value(), at(i));
                    Instant now = at(i);
                    outcomes.add(given.apply("ann", p -> p.open(s, now, limits)));
                }
                return outcomes;
            });
        }

        List<Outcome> all = runTogether(workers).stream().flatMap(List::stream).toList();

        assertThat(all).filteredOn(o -> o instanceof Outcome.Changed).hasSize(5);
        assertThat(all).filteredOn(o -> o instanceof Outcome.Rejected)
                .hasSize(THREADS * perThread - 5)
                .allSatisfy(o -> assertThat(((Outcome.Rejected) o).reason()).isEqualTo(Rejection.TOO_MANY_SESSIONS));
        assertThat(given.find("ann").sessions()).hasSize(5);
    }

    private static long changed(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Changed.class);
        return outcome.presence().version();
    }

    /** Starts every worker at the same moment on its own thread and waits, bounded, for all of them. */
    private static <T> List<T> runTogether(List<Callable<T>> workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> worker : workers) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return worker.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
