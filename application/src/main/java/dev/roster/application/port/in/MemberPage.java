package dev.roster.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * One page of a room's members, sorted by user id, and the cursor of the page that follows it: null on the last
 * page. Members are confirmed against their presence, so a page may hold fewer members than asked for (even none)
 * while {@code next} is not null: the listing goes on until {@code next} is null.
 */
public record MemberPage(List<Member> members, String next) {
    public MemberPage {
        members = List.copyOf(Objects.requireNonNull(members, "members"));
    }
}
