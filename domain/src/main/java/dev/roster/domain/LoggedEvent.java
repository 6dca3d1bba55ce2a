package dev.roster.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the cluster-wide event log that back ends follow: a presence change under the name and with the
 * fields integrations rely on ({@code user.online}, {@code room.joined}, {@code session.closed}, ...).
 *
 * <p>The log gives each entry its {@code id} when it appends it; an event about to be appended has none. Ids are
 * opaque: only the log that made one can compare it. {@code details} are the fields of the event's type, in the
 * order they are written, with plain values only (strings, numbers, booleans, null), so that any adapter can
 * write them in its own format and read them back.
 *
 * @param id      the log's id of this entry, null before it is appended
 * @param type    one of the {@code TYPE_} names
 * @param user    whose presence changed
 * @param at      when it changed
 * @param details the type's own fields, by name
 */
public record LoggedEvent(String id, String type, UserId user, Instant at, Map<String, Object> details) {
    public static final String USER_ONLINE = "user.online";
    public static final String USER_OFFLINE = "user.offline";
    public static final String USER_STATUS = "user.status";
    public static final String ROOM_JOINED = "room.joined";
    public static final String ROOM_LEFT = "room.left";
    public static final String SESSION_OPENED = "session.opened";
    public static final String SESSION_CLOSED = "session.closed";
    public static final String SESSION_DISCONNECTED = "session.disconnected";

    public LoggedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The entry a presence event makes: every event is one entry (a status change is one, not one per room). */
    public static LoggedEvent of(PresenceEvent event) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (event instanceof PresenceEvent.UserCameOnline e) {
            d.put("state", e.status().asState().wire());
            return new LoggedEvent(null, USER_ONLINE, e.user(), e.at(), d);
        } else if (event instanceof PresenceEvent.UserWentOffline e) {
            return new LoggedEvent(null, USER_OFFLINE, e.user(), e.at(), d);
        } else if (event instanceof PresenceEvent.StatusChanged e) {
            d.put("state", e.status().asState().wire());
            d.put("status", e.status().wire());
            d.put("text", e.text());
            d.put("session", e.by() == null ? null : e.by().value());
            return new LoggedEvent(null, USER_STATUS, e.user(), e.at(), d);
        } else if (event instanceof PresenceEvent.JoinedRoom e) {
            d.put("room", e.room().value());
            d.put("state", e.state().wire());
            d.put("session", e.by() == null ? null : e.by().value());
            return new LoggedEvent(null, ROOM_JOINED, e.user(), e.at(), d);
        } else if (event instanceof PresenceEvent.LeftRoom e) {
            d.put("room", e.room().value());
            d.put("session", e.by() == null ? null : e.by().value());
            return new LoggedEvent(null, ROOM_LEFT, e.user(), e.at(), d);
        } else if (event instanceof PresenceEvent.SessionOpened e) {
            return sessionEvent(SESSION_OPENED, e.session(), e.sessions(), e.at());
        } else if (event instanceof PresenceEvent.SessionClosed e) {
            return sessionEvent(SESSION_CLOSED, e.session(), e.sessions(), e.at());
        }
        throw new IllegalArgumentException("no log entry for " + event);
    }

    /**
     * The entry of an operator closing a session, appended by the node that holds it before the session closes.
     *
     * @param by who closed it, as the operator's tool names itself ({@code "admin"} for the admin token)
     */
    public static LoggedEvent disconnected(Session session, String by, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("session", session.id().value());
        d.put("by", Objects.requireNonNull(by, "by"));
        d.put("node", session.node().value());
        d.put("device", session.device());
        return new LoggedEvent(null, SESSION_DISCONNECTED, session.user(), at, d);
    }

    private static LoggedEvent sessionEvent(String type, Session session, int sessions, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("session", session.id().value());
        d.put("node", session.node().value());
        d.put("device", session.device());
        d.put("sessions", sessions);
        return new LoggedEvent(null, type, session.user(), at, d);
    }

    /** This event as the log keeps it under {@code logId}. */
    public LoggedEvent withId(String logId) {
        return new LoggedEvent(Objects.requireNonNull(logId, "logId"), type, user, at, details);
    }

    /**
     * Every field of the event as integrations see it, in order: {@code id} (when it has one), {@code type},
     * {@code user}, {@code at} (epoch ms), then the details.
     */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        if (id != null) {
            f.put("id", id);
        }
        f.put("type", type);
        f.put("user", user.value());
        f.put("at", at.toEpochMilli());
        f.putAll(details);
        return f;
    }

    /**
     * The event that {@link #fields()} wrote, read back (an {@code id} among them is the entry's id); fails with
     * {@link IllegalArgumentException} when a required field is missing or of the wrong kind.
     */
    public static LoggedEvent fromFields(Map<String, ?> fields) {
        Object type = fields.get("type");
        Object user = fields.get("user");
        Object at = fields.get("at");
        if (!(type instanceof String t) || !(user instanceof String u) || !(at instanceof Number a)) {
            throw new IllegalArgumentException("an event needs a type, a user and an at");
        }
        Object id = fields.get("id");
        Map<String, Object> d = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!name.equals("id") && !name.equals("type") && !name.equals("user") && !name.equals("at")) {
                d.put(name, value);
            }
        });
        return new LoggedEvent(id instanceof String s ? s : null, t, UserId.of(u),
                Instant.ofEpochMilli(a.longValue()), d);
    }
}
