package dev.roster.adapters.redis.testing;

import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.QueryPresenceUseCase.OnlinePage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.application.service.LocalRoster;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import dev.roster.testsupport.faults.EventLog;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.RedisProcess;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The nodes of one fault test and their clients, and the truth they make: which tabs (sessions) are open on which
 * live node, in which rooms. Clients act through the nodes' use cases as the WebSocket layer does (a tab whose open
 * failed is closed; a tab's own actions run one after the other). {@link #wrongs()} compares that truth with what
 * every live node reports and with what every watcher last heard; the {@code assert} methods wait for it.
 *
 * <p>The truth: a user with a tab open on a live node is online with exactly those sessions and their rooms; any
 * other user is offline, in no room. A watcher (a tab opened with {@link #watch}, which joins its rooms while nothing
 * else happens) last heard each member of its rooms online if the member truly is in the room, and offline or nothing
 * otherwise. Where a join or leave failed, the client cannot know whether it took effect: the node's own
 * {@link LocalRoster} tells which rooms the tab holds.
 */
public final class Fleet implements AutoCloseable, AfterEachCallback {
    /** How long a scenario may take to come right before its fault: far longer than it ever needs. */
    public static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int SHOWN = 40;

    private final TestRedis redis;
    private final EventLog log;
    private final Object model = new Object();
    private final List<RedisNode> nodes = new CopyOnWriteArrayList<>();
    private final Set<RedisNode> dead = ConcurrentHashMap.newKeySet();
    private final Map<SessionId, Tab> tabs = new ConcurrentHashMap<>();
    private final Set<UserId> users = ConcurrentHashMap.newKeySet();
    private final Set<RoomId> rooms = ConcurrentHashMap.newKeySet();
    /** Client actions still running, with the node each runs on. */
    private final Map<CompletableFuture<?>, RedisNode> inFlight = new ConcurrentHashMap<>();

    public Fleet(TestRedis redis, EventLog log) {
        this.redis = redis;
        this.log = log;
    }

    /** A fleet that notes its events as they come: registered as an extension, it stops its nodes after each test. */
    public Fleet(TestRedis redis) {
        this(redis, new EventLog(true));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    public EventLog log() {
        return log;
    }

    /**
     * Starts a node with the fault tests' lease and grace ({@link FaultBound}); on a standalone Redis it is linked
     * through a proxy of its own, so that it can be frozen, cut, and crashed at an exact instant.
     */
    public RedisNode start(String name) {
        return start(name, b -> b);
    }

    /** As {@link #start(String)}, with whatever else {@code tweak} sets on the builder. */
    public RedisNode start(String name, UnaryOperator<RedisNode.Builder> tweak) {
        RedisNode.Builder builder = RedisNode.on(redis).named(name).lease(FaultBound.LEASE)
                .grace(FaultBound.GRACE).events(log::note).onSocketClosed(this::closedByServer);
        if (!redis.isCluster() && redis.url() != null && redis.url().startsWith("redis://")) {
            builder.linked();
        }
        RedisNode node = tweak.apply(builder).start();
        nodes.add(node);
        log.note("started " + name + " boot " + abbreviate(node.app().node().boot()));
        return node;
    }

    /** A node closed a tab's socket itself: its client is gone, as after a close of its own. */
    private void closedByServer(SessionId session) {
        Tab tab;
        synchronized (model) {
            tab = tabs.remove(session);
        }
        if (tab != null) {
            tab.closing = true;
            log.add("the server closed " + tab);
        }
    }

    /** The nodes started and not crashed. */
    public List<RedisNode> live() {
        return nodes.stream().filter(n -> !dead.contains(n)).toList();
    }

    /** Crashes the node ({@link RedisNode#crash()}): its tabs die with it. */
    public void crash(RedisNode node) {
        log.note("CRASH " + node.name() + " boot " + abbreviate(node.app().node().boot()));
        synchronized (model) {
            dead.add(node);
            tabs.values().removeIf(t -> t.node == node);
        }
        node.crash();
    }

    /** A user the checks should know of even if it never opens a tab. */
    public void user(String user) {
        users.add(UserId.of(user));
    }

    /** A room the checks should know of even if nobody joins it. */
    public void room(String room) {
        rooms.add(RoomId.of(room));
    }

    /** The tabs open now. */
    public List<Tab> tabs() {
        return List.copyOf(tabs.values());
    }

    // ---- what clients do

    /** Opens a tab; completes with null when the open failed (the client's socket is then closed). */
    public CompletableFuture<Tab> openAsync(RedisNode node, String user) {
        UserId id = UserId.of(user);
        users.add(id);
        log.add("open " + user + " on " + node.name());
        CompletableFuture<Session> connected;
        try {
            connected = node.app().connect().connect(new ConnectCommand(id, "test")).toCompletableFuture();
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e);
        }
        return track(node, connected.handle((session, failure) -> {
            if (failure != null) {
                log.add("open " + user + " on " + node.name() + " FAILED: " + message(failure));
                return null;
            }
            Tab tab = new Tab(node, session);
            synchronized (model) {
                if (dead.contains(node)) {
                    log.add("opened " + tab + " after its node crashed: gone with it");
                    return null;
                }
                tabs.put(session.id(), tab);
            }
            log.add("opened " + tab);
            return tab;
        }));
    }

    /** Joins a room; completes with whether the node said it did. */
    public CompletableFuture<Boolean> joinAsync(Tab tab, String room) {
        RoomId id = RoomId.of(room);
        rooms.add(id);
        return serial(tab, () -> {
            log.add("join " + tab + " " + room);
            return tab.node.app().join().join(new JoinCommand(tab.session, id, RoomGrants.ALL)).toCompletableFuture()
                    .handle((listing, failure) -> {
                        if (failure != null) {
                            tab.unsure.add(id);
                            log.add("join " + tab + " " + room + " FAILED: " + message(failure));
                            return false;
                        }
                        tab.rooms.add(id);
                        tab.unsure.remove(id);
                        tab.listed.put(id, listed(listing));
                        log.add("joined " + tab + " " + room + " listing " + tab.listed.get(id));
                        return true;
                    });
        });
    }

    /** Leaves a room; completes with whether the node said it did. */
    public CompletableFuture<Boolean> leaveAsync(Tab tab, String room) {
        RoomId id = RoomId.of(room);
        return serial(tab, () -> {
            log.add("leave " + tab + " " + room);
            return tab.node.app().leave().leave(new RoomCommand(tab.session, id)).toCompletableFuture()
                    .handle((done, failure) -> {
                        if (failure != null) {
                            tab.unsure.add(id);
                            log.add("leave " + tab + " " + room + " FAILED: " + message(failure));
                            return false;
                        }
                        tab.rooms.remove(id);
                        tab.unsure.remove(id);
                        log.add("left " + tab + " " + room);
                        return true;
                    });
        });
    }

    /** Closes the tab (its socket ended): gone from the truth at once; completes when the node is done with it. */
    public CompletableFuture<Boolean> closeAsync(Tab tab) {
        tab.closing = true;
        return serial(tab, () -> {
            synchronized (model) {
                tabs.remove(tab.session.id());
            }
            log.add("close " + tab);
            return tab.node.app().disconnect().disconnect(tab.session).toCompletableFuture()
                    .handle((done, failure) -> {
                        if (failure != null) {
                            log.add("close " + tab + " FAILED: " + message(failure));
                        }
                        return failure == null;
                    });
        });
    }

    public Tab open(RedisNode node, String user) {
        Tab tab = await(openAsync(node, user), "open " + user + " on " + node.name());
        if (tab == null) {
            throw new IllegalStateException("could not open a tab of " + user + " on " + node.name() + ":\n"
                    + log.about(user, 5));
        }
        return tab;
    }

    public void join(Tab tab, String room) {
        if (!await(joinAsync(tab, room), "join " + tab + " " + room)) {
            throw new IllegalStateException(tab + " could not join " + room + ":\n" + log.about(tab.toString(), 5));
        }
    }

    public void leave(Tab tab, String room) {
        if (!await(leaveAsync(tab, room), "leave " + tab + " " + room)) {
            throw new IllegalStateException(tab + " could not leave " + room + ":\n" + log.about(tab.toString(), 5));
        }
    }

    public void close(Tab tab) {
        if (!await(closeAsync(tab), "close " + tab)) {
            throw new IllegalStateException(tab + " could not close:\n" + log.about(tab.toString(), 5));
        }
    }

    /** Notes the fault {@code what} in the log, then makes it with {@code action}; returns when it began. */
    public Instant fault(String what, Runnable action) {
        log.note("FAULT " + what);
        Instant at = Instant.now();
        action.run();
        return at;
    }

    /** A tab of {@code user} that joins {@code rooms} one after the other. */
    public Tab tab(RedisNode node, String user, String... rooms) {
        Tab tab = open(node, user);
        for (String room : rooms) {
            join(tab, room);
        }
        return tab;
    }

    /**
     * The opening most scenarios share: {@code node-a} and {@code node-b} started, each with a watcher
     * ({@code watch-a}, {@code watch-b}) in {@code rooms}. Returns the two nodes in that order.
     */
    public List<RedisNode> startTwoWatched(String... rooms) {
        RedisNode a = start("node-a");
        RedisNode b = start("node-b");
        watch(a, "watch-a", rooms);
        watch(b, "watch-b", rooms);
        return List.of(a, b);
    }

    /** A tab of {@code user} that joins {@code roomNames} one after the other and is checked as a watcher. */
    public Tab watch(RedisNode node, String user, String... roomNames) {
        Tab tab = open(node, user);
        tab.watcher = true;
        for (String room : roomNames) {
            join(tab, room);
        }
        return tab;
    }

    /**
     * Waits, at most {@code max}, until no client action is still running on a live node (those of a crashed node
     * never end); false if some still are.
     */
    public boolean awaitQuiet(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight.values().stream().anyMatch(node -> !dead.contains(node))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            RedisProcess.sleep(20);
        }
        return true;
    }

    private <T> CompletableFuture<T> serial(Tab tab, Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result;
        synchronized (tab) {
            result = tab.tail.handle((v, e) -> null).thenCompose(ready -> {
                if (dead.contains(tab.node)) {
                    return CompletableFuture.completedFuture(null);
                }
                try {
                    return action.get();
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
            tab.tail = result;
        }
        return track(tab.node, result);
    }

    private <T> CompletableFuture<T> track(RedisNode node, CompletableFuture<T> future) {
        inFlight.put(future, node);
        future.whenComplete((v, e) -> inFlight.remove(future));
        return future;
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + OP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Set<UserId> listed(RoomListing listing) {
        return listing.members().stream().filter(m -> m.state() != PresenceState.OFFLINE).map(Member::user)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // ---- the checks

    /**
     * Waits until {@link FaultBound#BOUND} after {@code fault}, checking all along, and fails unless everything is
     * right at that moment. The failure tells when it was right or wrong on the way, what is wrong, and the events.
     */
    public void assertRightWithinBound(Instant fault, String what) {
        assertRightBy(fault, fault.plus(FaultBound.BOUND), what);
    }

    /**
     * As {@link #assertRightWithinBound}, with a deadline of its own; {@code since} (the fault) is where the times in
     * a failure count from.
     */
    public void assertRightBy(Instant since, Instant deadline, String what) {
        log.note("checking until " + seconds(Duration.between(since, deadline)) + " after the fault: " + what);
        List<String> timeline = new ArrayList<>();
        while (true) {
            boolean last = !Instant.now().isBefore(deadline);
            List<String> wrongs = wrongs();
            timeline.add(seconds(Duration.between(since, Instant.now())) + " " + (wrongs.isEmpty() ? "right"
                    : wrongs.size() + " wrong"));
            if (last) {
                if (!wrongs.isEmpty()) {
                    String message = "Presence is still wrong " + seconds(Duration.between(since, Instant.now()))
                            + " after " + what + " (the bound is " + seconds(FaultBound.BOUND) + "):\n"
                            + shown(wrongs) + "\nChecks since the fault: " + String.join(", ", timeline)
                            + "\n" + eventsAbout(wrongs) + "Last events:\n" + log.tail(120);
                    log.note("WRONG after " + what + ": " + wrongs.size() + " wrong");
                    throw new AssertionError(message);
                }
                log.note("right after " + what + " (" + String.join(", ", timeline) + ")");
                return;
            }
            long pause = Math.min(POLL.toMillis(), Duration.between(Instant.now(), deadline).toMillis());
            RedisProcess.sleep(Math.max(0, pause));
        }
    }

    /** Waits at most {@code max} until everything is right ({@code what}: when), to go on from a known state. */
    public void awaitRight(Duration max, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        List<String> wrongs = wrongs();
        while (!wrongs.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Presence is not right " + what + ":\n" + shown(wrongs)
                        + "\nLast events:\n" + log.tail(60));
            }
            RedisProcess.sleep(100);
            wrongs = wrongs();
        }
    }

    /** Checks again and again for {@code window} that everything stays right; fails at the first wrong. */
    public void assertStaysRight(Duration window, String what) {
        Instant from = Instant.now();
        Instant until = from.plus(window);
        log.note("checking that all stays right for " + seconds(window) + ": " + what);
        while (Instant.now().isBefore(until)) {
            List<String> wrongs = wrongs();
            if (!wrongs.isEmpty()) {
                throw new AssertionError("Presence went wrong " + seconds(Duration.between(from, Instant.now()))
                        + " into " + what + ":\n" + shown(wrongs) + "\nLast events:\n" + log.tail(120));
            }
            RedisProcess.sleep(300);
        }
    }

    /**
     * Everything that differs from the truth now: each live node's view of every user (state, sessions, rooms), of
     * every room's members and of who is online; what every watcher last heard; and whether each node holds exactly
     * the tabs its clients have open.
     */
    public List<String> wrongs() {
        List<String> wrongs = new ArrayList<>();
        List<RedisNode> live;
        List<Tab> open;
        synchronized (model) {
            live = live();
            open = List.copyOf(tabs.values());
        }
        Map<Tab, Set<RoomId>> held = held(open, live, wrongs);
        Map<UserId, Map<SessionId, Set<RoomId>>> truth = new TreeMap<>();
        users.forEach(u -> truth.put(u, new TreeMap<>()));
        held.forEach((tab, in) -> truth.get(tab.session.user()).put(tab.session.id(), in));
        Map<RoomId, Set<UserId>> members = new TreeMap<>();
        rooms.forEach(r -> members.put(r, new TreeSet<>()));
        held.forEach((tab, in) -> in.forEach(r -> members.computeIfAbsent(r, k -> new TreeSet<>())
                .add(tab.session.user())));
        Set<UserId> online = truth.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        for (RedisNode node : live) {
            reported(node, truth, members, online, wrongs);
        }
        for (Tab watcher : held.keySet()) {
            if (watcher.watcher) {
                heard(watcher, held.get(watcher), members, wrongs);
            }
        }
        return wrongs;
    }

    /** The rooms each open tab is in, from its client, or from its node where the client could not tell. */
    private Map<Tab, Set<RoomId>> held(List<Tab> open, List<RedisNode> live, List<String> wrongs) {
        Map<Tab, Set<RoomId>> held = new LinkedHashMap<>();
        for (Tab tab : open) {
            Set<RoomId> unsure = Set.copyOf(tab.unsure);
            Set<RoomId> certain = new TreeSet<>(tab.rooms);
            certain.removeAll(unsure);
            Optional<LocalRoster.Local> local = tab.node.app().roster().get(tab.session.id());
            if (local.isEmpty()) {
                wrongs.add(tab.node.name() + " does not hold " + tab + ", whose client has it open");
                held.put(tab, certain);
                continue;
            }
            Set<RoomId> there = new TreeSet<>(local.get().rooms());
            Set<RoomId> thereCertain = new TreeSet<>(there);
            thereCertain.removeAll(unsure);
            if (!thereCertain.equals(certain)) {
                wrongs.add(tab.node.name() + " holds " + tab + " in " + thereCertain + " but its client joined "
                        + certain);
            }
            Set<RoomId> in = new TreeSet<>(certain);
            unsure.stream().filter(there::contains).forEach(in::add);
            held.put(tab, in);
        }
        for (RedisNode node : live) {
            for (LocalRoster.Local local : node.app().roster().all()) {
                if (!tabs.containsKey(local.session().id())) {
                    wrongs.add(node.name() + " holds session " + abbreviate(local.session().id().value()) + " of "
                            + local.session().user().value() + ", which no client has open");
                }
            }
        }
        return held;
    }

    private void reported(RedisNode node, Map<UserId, Map<SessionId, Set<RoomId>>> truth,
                          Map<RoomId, Set<UserId>> members, Set<UserId> online, List<String> wrongs) {
        String name = node.name();
        var query = node.app().query();
        Map<UserId, CompletableFuture<UserView>> views = new TreeMap<>();
        truth.keySet().forEach(u -> views.put(u, safely(() -> query.user(u).toCompletableFuture())));
        Map<RoomId, CompletableFuture<List<Member>>> lists = new TreeMap<>();
        members.keySet().forEach(r -> lists.put(r, safely(() -> query.room(r).toCompletableFuture())));
        CompletableFuture<Long> count = safely(() -> query.onlineCount().toCompletableFuture());
        CompletableFuture<Set<UserId>> listed = allOnline(node);

        truth.forEach((user, sessions) -> {
            UserView view = get(views.get(user), name + " cannot tell about " + user.value(), wrongs);
            if (view == null) {
                return;
            }
            Set<SessionId> got = view.sessions().stream().map(Session::id).collect(Collectors.toSet());
            Set<RoomId> wantRooms = new TreeSet<>();
            sessions.values().forEach(wantRooms::addAll);
            PresenceState want = sessions.isEmpty() ? PresenceState.OFFLINE : PresenceState.ONLINE;
            if (view.state() != want || !got.equals(sessions.keySet()) || !Set.copyOf(view.rooms()).equals(wantRooms)) {
                wrongs.add(name + " says " + user.value() + " is " + described(view) + "; truly "
                        + described(want, sessions.keySet(), wantRooms));
            }
        });
        members.forEach((room, want) -> {
            List<Member> got = get(lists.get(room), name + " cannot list " + room.value(), wrongs);
            if (got == null) {
                return;
            }
            Set<UserId> in = got.stream().filter(m -> m.state() != PresenceState.OFFLINE).map(Member::user)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!in.equals(want)) {
                wrongs.add(name + " lists " + room.value() + " with " + names(in) + "; truly " + names(want));
            }
        });
        Long counted = get(count, name + " cannot count who is online", wrongs);
        if (counted != null && counted != online.size()) {
            wrongs.add(name + " counts " + counted + " online; truly " + online.size());
        }
        Set<UserId> pages = get(listed, name + " cannot list who is online", wrongs);
        if (pages != null && !pages.equals(online)) {
            Set<UserId> extra = new TreeSet<>(pages);
            extra.removeAll(online);
            Set<UserId> missing = new TreeSet<>(online);
            missing.removeAll(pages);
            wrongs.add(name + " lists as online " + names(extra) + " who are not, and not " + names(missing)
                    + " who are");
        }
    }

    private static CompletableFuture<Set<UserId>> allOnline(RedisNode node) {
        return safely(() -> page(node, null, new TreeSet<>(), 100));
    }

    private static CompletableFuture<Set<UserId>> page(RedisNode node, String cursor, Set<UserId> found, int left) {
        return node.app().query().online(1000, cursor).toCompletableFuture().thenCompose((OnlinePage page) -> {
            found.addAll(page.users());
            if (page.next() == null || left <= 1) {
                return CompletableFuture.completedFuture(found);
            }
            return page(node, page.next(), found, left - 1);
        });
    }

    private void heard(Tab watcher, Set<RoomId> in, Map<RoomId, Set<UserId>> members, List<String> wrongs) {
        for (RoomId room : in) {
            if (!watcher.listed.containsKey(room)) {
                continue;
            }
            Map<UserId, PresenceState> heard = lastHeard(watcher, room);
            for (UserId member : users) {
                if (member.equals(watcher.session.user())) {
                    continue;
                }
                boolean truly = members.getOrDefault(room, Set.of()).contains(member);
                PresenceState last = heard.get(member);
                boolean heardIn = last != null && last != PresenceState.OFFLINE;
                if (truly != heardIn) {
                    wrongs.add(watcher + " in " + room.value() + " last heard " + member.value() + " "
                            + (last == null ? "nothing" : last.name().toLowerCase(Locale.ROOT)) + "; truly "
                            + (truly ? "in the room" : "not in it"));
                }
            }
        }
    }

    /** What the watcher last heard of each member of the room: the listing it joined with, then the notices. */
    private static Map<UserId, PresenceState> lastHeard(Tab watcher, RoomId room) {
        Map<UserId, PresenceState> heard = new TreeMap<>();
        watcher.listed.getOrDefault(room, Set.of()).forEach(u -> heard.put(u, PresenceState.ONLINE));
        for (ClientEvent event : watcher.node.sentTo(watcher.session.id())) {
            if (event instanceof RoomEvent.PresenceNotice notice && notice.room().equals(room)) {
                heard.put(notice.user(), notice.state());
            }
        }
        return heard;
    }

    /** The states the watcher heard for {@code member} in {@code room}, in order, after its listing. */
    public List<PresenceState> noticesOf(Tab watcher, String member, String room) {
        return watcher.node.sentTo(watcher.session.id()).stream()
                .filter(e -> e instanceof RoomEvent.PresenceNotice n && n.room().value().equals(room)
                        && n.user().value().equals(member))
                .map(e -> ((RoomEvent.PresenceNotice) e).state()).toList();
    }

    private static <T> CompletableFuture<T> safely(Supplier<CompletableFuture<T>> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> T get(CompletableFuture<T> future, String failure, List<String> wrongs) {
        try {
            return future.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            wrongs.add(failure + ": " + message(e.getCause()));
        } catch (TimeoutException e) {
            wrongs.add(failure + ": no answer within " + READ_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return null;
    }

    private static String described(UserView view) {
        if (view.state() == PresenceState.OFFLINE && view.sessions().isEmpty() && view.rooms().isEmpty()) {
            return "offline";
        }
        return view.state().name().toLowerCase(Locale.ROOT) + " with " + view.sessions().stream()
                .map(s -> abbreviate(s.id().value()) + "@" + s.node().value() + "/" + abbreviate(s.boot()))
                .collect(Collectors.joining(", ", "[", "]")) + " in " + names(view.rooms());
    }

    private static String described(PresenceState state, Set<SessionId> sessions, Set<RoomId> in) {
        if (state == PresenceState.OFFLINE) {
            return "offline";
        }
        return "online with " + sessions.stream().map(s -> abbreviate(s.value()))
                .collect(Collectors.joining(", ", "[", "]")) + " in " + names(in);
    }

    private static String names(Collection<?> ids) {
        return ids.stream().map(id -> id instanceof UserId u ? u.value() : id instanceof RoomId r ? r.value()
                : id.toString()).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    /** The events of the first few users a wrong names (each wrong begins with what it is about). */
    private String eventsAbout(List<String> wrongs) {
        Set<String> named = new java.util.LinkedHashSet<>();
        for (String wrong : wrongs.stream().sorted().toList()) {
            for (UserId user : users) {
                if (named.size() < 5 && (wrong.contains(" " + user.value() + " ") || wrong.contains(" "
                        + user.value() + ",") || wrong.contains(user.value() + "/"))) {
                    named.add(user.value());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (String user : named) {
            out.append("Events of ").append(user).append(":\n").append(log.about(" " + user, 25)).append('\n');
        }
        return out.toString();
    }

    private static String shown(List<String> wrongs) {
        List<String> sorted = wrongs.stream().sorted().toList();
        String shown = sorted.stream().limit(SHOWN).map(w -> "  - " + w).collect(Collectors.joining("\n"));
        return sorted.size() > SHOWN ? shown + "\n  ... and " + (sorted.size() - SHOWN) + " more" : shown;
    }

    static String abbreviate(String id) {
        return id.length() <= 6 ? id : id.substring(0, 6);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Closes every node still running (without disconnecting their sessions). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RedisNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One tab: a session a client holds open on one node, and the rooms its client joined there. */
    public static final class Tab {
        private final RedisNode node;
        private final Session session;
        private final Set<RoomId> rooms = ConcurrentHashMap.newKeySet();
        /** Rooms whose join or leave failed: whether the tab is in them, only its node knows. */
        private final Set<RoomId> unsure = ConcurrentHashMap.newKeySet();
        /** The members each room listed when this tab joined it. */
        private final Map<RoomId, Set<UserId>> listed = new ConcurrentHashMap<>();
        private volatile boolean watcher;
        private volatile boolean closing;
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

        private Tab(RedisNode node, Session session) {
            this.node = node;
            this.session = session;
        }

        public RedisNode node() {
            return node;
        }

        public Session session() {
            return session;
        }

        public String user() {
            return session.user().value();
        }

        /** The rooms the client joined and did not leave. */
        public Set<String> rooms() {
            return rooms.stream().map(RoomId::value).collect(Collectors.toCollection(TreeSet::new));
        }

        /** Whether the client asked to close it. */
        public boolean closing() {
            return closing;
        }

        public boolean watcher() {
            return watcher;
        }

        @Override
        public String toString() {
            return session.user().value() + "/" + abbreviate(session.id().value()) + "@" + node.name();
        }
    }
}
