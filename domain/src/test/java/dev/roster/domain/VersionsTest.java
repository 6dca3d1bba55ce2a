package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void changes_in_the_same_millisecond_still_get_growing_versions() {
        UserFixture ann = aUser("ann").withSessions(1);
        Presence p = ann.online();
        long before = p.version();

        Presence joined = changed(p.join(ann.sid(1), room("a"), at(0))).next();
        Presence left = changed(joined.leave(ann.sid(1), room("a"), at(0))).next();

        assertThat(joined.version()).isEqualTo(before + 1);
        assertThat(left.version()).isEqualTo(before + 2);
    }

    @Test
    void a_version_ahead_of_the_clock_grows_by_one() {
        Offline ahead = new Offline(UserId.of("ann"), null, Long.MAX_VALUE / 2);

        Presence next = changed(ahead.open(aUser("ann").session(1), at(0))).next();

        assertThat(next.version()).isEqualTo(Long.MAX_VALUE / 2 + 1);
    }

    @Test
    void a_version_behind_the_clock_jumps_to_the_clock() {
        Presence lost = Presence.unknown(UserId.of("ann"));

        Presence next = changed(lost.open(aUser("ann").session(1), at(0))).next();

        assertThat(next.version()).isEqualTo(at(0).toEpochMilli() * 1000);
    }

    @Test
    void nothing_changed_means_the_same_version() {
        UserFixture ann = aUser("ann").withSessions(1);
        Presence p = ann.online();

        assertThat(p.expire(at(10)).presence().version()).isEqualTo(p.version());
        assertThat(p.close(ann.sid(7), at(10), GRACE).presence().version()).isEqualTo(p.version());
        assertThat(p.leave(ann.sid(1), room("x"), at(10)).presence().version()).isEqualTo(p.version());
    }
}
