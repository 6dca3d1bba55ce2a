package dev.roster.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testsupport.ws.WsClient;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's HTTP side on a real node: who gets in, what a forged request gets, the disconnect actions of the
 * bearer API and of the dashboard, and the live feed's resume.
 */
class AdminHttpTest {
    @RegisterExtension
    static final NodeInBrowser SITE = NodeInBrowser.withoutBrowser("admin-http");

    private static final String CLOSE_REASON = "disconnected by an operator";

    @Test
    void withoutTheCookiePagesSendToTheSignInFormAndTheApiAndFeedAnswer401() {
        for (String page : List.of("/admin", "/admin/", "/admin/index.html")) {
            AdminHttp.Answer answer = SITE.admin().get(page, null);
            assertThat(answer.status()).as(page).isEqualTo(303);
            assertThat(answer.header("Location")).as(page).hasValue("/admin/login");
        }
        for (String path : List.of("/admin/api/session", "/admin/api/summary", "/admin/api/users?prefix=a",
                "/admin/api/users/ann", "/admin/api/rooms/lobby", "/admin/api/history", "/admin/feed")) {
            assertThat(SITE.admin().get(path, null).status()).as(path).isEqualTo(401);
        }
        assertThat(SITE.admin().delete("/admin/api/users/ann/sessions", null, null).status()).isEqualTo(401);
        assertThat(SITE.admin().get("/admin/api/summary", "roster_admin=9999999999999.forged.sig").status())
                .isEqualTo(401);
        assertThat(SITE.admin().get("/admin/login", null).status()).isEqualTo(200);
    }

    @Test
    void scriptsGet401WithoutTheTokenAndThePageAndItsDataWithTheBearerToken() {
        assertThat(SITE.admin().script("/admin", null).status()).isEqualTo(401);
        assertThat(SITE.admin().script("/admin", "not-the-token").status()).isEqualTo(401);
        AdminHttp.Answer page = SITE.admin().script("/admin", WebNode.ADMIN_TOKEN);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        AdminHttp.Answer summary = SITE.admin().script("/admin/api/summary", WebNode.ADMIN_TOKEN);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.json().has("online")).isTrue();
    }

    @Test
    void aWrongTokenIsSentBackToTheFormWithoutACookie() {
        AdminHttp.Answer answer = SITE.admin().login("not-the-token");
        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).hasValue("/admin/login?failed=1");
        assertThat(answer.header("Set-Cookie")).isEmpty();
    }

    @Test
    void theRightTokenSetsAnHttpOnlyStrictCookieAndNoUrlCarriesTheToken() {
        AdminHttp.Answer answer = SITE.admin().login(WebNode.ADMIN_TOKEN);
        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).hasValue("/admin");
        String setCookie = answer.header("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("roster_admin=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Path=/admin")
                .doesNotContain(WebNode.ADMIN_TOKEN);
        assertThat(answer.body()).doesNotContain(WebNode.ADMIN_TOKEN);

        String cookie = answer.cookie();
        AdminHttp.Answer page = SITE.admin().get("/admin", cookie);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"online-count\"").doesNotContain(WebNode.ADMIN_TOKEN);
        assertThat(SITE.admin().get("/admin/api/summary", cookie).json().path("nodes").get(0).path("node").asText())
                .isEqualTo("admin-http");
        // the sign-in form posts its token in the body, never in a URL
        assertThat(SITE.admin().get("/admin/login", null).body()).contains("method=\"post\"")
                .contains("action=\"/admin/login\"");
    }

    @Test
    void aCrossSiteSignInIsRefused() {
        assertThat(SITE.admin().login(WebNode.ADMIN_TOKEN, "http://evil.example").status()).isEqualTo(403);
        assertThat(SITE.admin().login(WebNode.ADMIN_TOKEN, "null").status()).isEqualTo(403);
        assertThat(SITE.admin().login(WebNode.ADMIN_TOKEN, "http://evil.example").header("Set-Cookie")).isEmpty();
    }

    @Test
    void stateChangesWithoutTheRightCsrfTokenAre403AndChangeNothing() {
        AdminHttp.Session session = SITE.admin().signIn();
        try (WsClient eve = WsClient.connect(SITE.http(), SITE.node().port(), "csrf-eve")) {
            assertThat(SITE.admin().delete("/admin/api/users/csrf-eve/sessions", session.cookie(), null).status())
                    .isEqualTo(403);
            assertThat(SITE.admin().delete("/admin/api/users/csrf-eve/sessions", session.cookie(), "wrong").status())
                    .isEqualTo(403);
            AdminHttp.Session other = SITE.admin().signIn();
            assertThat(SITE.admin().delete("/admin/api/sessions/" + eve.session(), session.cookie(), other.csrf())
                    .status()).isEqualTo(403);
            assertThat(SITE.admin().bearer("GET", "/api/users/csrf-eve").json().path("sessions").asInt()).isEqualTo(1);
            assertThat(eve.isClosed()).isFalse();
        }
    }

    @Test
    void theBearerApiDisconnectsAUsersSessionsWithAReasonAndTheFeedRecordsIt() {
        AdminHttp.Session session = SITE.admin().signIn();
        try (SseFeed feed = SseFeed.open(SITE.http(), SITE.admin(), "", session.cookie());
             WsClient laptop = WsClient.connect(SITE.http(), SITE.node().port(), "dora", "laptop");
             WsClient phone = WsClient.connect(SITE.http(), SITE.node().port(), "dora", "phone");
             WsClient other = WsClient.connect(SITE.http(), SITE.node().port(), "dora-not")) {
            AdminHttp.Answer one = SITE.admin().bearer("DELETE", "/api/sessions/" + phone.session());
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().path("closed").asInt()).isEqualTo(1);
            assertThat(phone.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            assertThat(laptop.isClosed()).isFalse();
            feed.await(d -> "disconnected_by_admin".equals(d.path("kind").asText())
                    && phone.session().equals(d.path("session").asText()));

            AdminHttp.Answer all = SITE.admin().bearer("DELETE", "/api/users/dora/sessions");
            assertThat(all.json().path("closed").asInt()).isEqualTo(1);
            assertThat(laptop.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            feed.await(d -> "disconnected_by_admin".equals(d.path("kind").asText())
                    && laptop.session().equals(d.path("session").asText()));
            feed.await(SseFeed.kind("went_offline", "dora"));
            assertThat(other.isClosed()).isFalse();
            assertThat(SITE.admin().bearer("DELETE", "/api/users/nobody-here/sessions").json().path("closed").asInt())
                    .isZero();
            assertThat(SITE.admin().bearer("DELETE", "/api/sessions/no-such-session").json().path("closed").asInt())
                    .isZero();
        }
    }

    @Test
    void theDashboardsDisconnectClosesTheSessionWithAReasonAndTheFeedRecordsIt() {
        AdminHttp.Session session = SITE.admin().signIn();
        try (SseFeed feed = SseFeed.open(SITE.http(), SITE.admin(), "", session.cookie());
             WsClient fay = WsClient.connect(SITE.http(), SITE.node().port(), "fay")) {
            AdminHttp.Answer answer = SITE.admin().delete("/admin/api/users/fay/sessions", session.cookie(),
                    session.csrf());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("closed").asInt()).isEqualTo(1);
            assertThat(fay.awaitClose()).isEqualTo(new WsClient.Closed(1000, CLOSE_REASON));
            feed.await(SseFeed.kind("disconnected_by_admin", "fay"));
        }
    }

    @Test
    void theFeedResumesAfterTheLastIdItGaveWithoutLosingOrDoublingEntries() {
        AdminHttp.Session session = SITE.admin().signIn();
        SseFeed.Event last;
        try (SseFeed first = SseFeed.open(SITE.http(), SITE.admin(), "", session.cookie());
             WsClient gus = WsClient.connect(SITE.http(), SITE.node().port(), "gus")) {
            last = first.await(SseFeed.kind("came_online", "gus"));
        }
        // entries the dashboard misses while its feed is down
        try (WsClient hal = WsClient.connect(SITE.http(), SITE.node().port(), "hal");
             WsClient ida = WsClient.connect(SITE.http(), SITE.node().port(), "ida")) {
            hal.send("{\"type\":\"join\",\"room\":\"resume\",\"id\":1}");
            ida.send("{\"type\":\"join\",\"room\":\"resume\",\"id\":1}");
            await().atMost(WsClient.WAIT).until(() -> !hal.frames("joined").isEmpty()
                    && !ida.frames("joined").isEmpty());
        }
        try (SseFeed byHeader = SseFeed.open(SITE.http(), SITE.admin(), "", session.cookie(), "Last-Event-ID",
                last.id());
             SseFeed byQuery = SseFeed.open(SITE.http(), SITE.admin(), "?lastEventId=" + last.id(), session.cookie())) {
            for (SseFeed resumed : List.of(byHeader, byQuery)) {
                resumed.await(SseFeed.kind("went_offline", "ida"));
                resumed.await(SseFeed.kind("went_offline", "hal"));
                List<SseFeed.Event> events = resumed.presence();
                assertThat(events.get(0).id()).startsWith(last.id().substring(0, last.id().lastIndexOf('.') + 1));
                List<Long> seqs = events.stream().map(SseFeed.Event::seq).toList();
                long newest = seqs.get(seqs.size() - 1);
                assertThat(seqs).containsExactlyElementsOf(
                        LongStream.rangeClosed(last.seq() + 1, newest).boxed().toList());
                assertThat(events).anyMatch(e -> SseFeed.kind("joined_room", "hal").test(e.data())
                        && "resume".equals(e.data().path("room").asText()));
                assertThat(events).noneMatch(e -> SseFeed.kind("came_online", "gus").test(e.data()));
            }
        }
    }

    @Test
    void aFeedWithAnIdItCannotResumeStartsOverFromTheRecentBacklog() {
        AdminHttp.Session session = SITE.admin().signIn();
        try (WsClient jo = WsClient.connect(SITE.http(), SITE.node().port(), "jo");
             SseFeed feed = SseFeed.open(SITE.http(), SITE.admin(), "", session.cookie(), "Last-Event-ID",
                     "another-boot.5")) {
            feed.await(SseFeed.kind("came_online", "jo"));
        }
    }
}
