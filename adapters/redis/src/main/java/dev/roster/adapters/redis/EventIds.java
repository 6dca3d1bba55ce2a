package dev.roster.adapters.redis;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids the event log gives out: {@code <generation>-<ms>-<seq>}, the log's generation and the entry's stream id,
 * URL-safe. The stream id alone would not do: a log lost with Redis starts again from the clock, and an old id
 * would then silently skip or repeat what the new log holds; its generation tells it apart.
 */
final class EventIds {
    private static final Pattern ID = Pattern.compile("([a-z0-9]{1,16})-([0-9]{1,19})-([0-9]{1,19})");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int GENERATION_LENGTH = 8;

    private EventIds() {
    }

    /** A generation to create when the log has none: random, so that a log lost and made again gets another. */
    static String newGeneration() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[GENERATION_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    static String id(String generation, String streamId) {
        return generation + "-" + streamId;
    }

    /** An id taken apart; fails with {@link IllegalArgumentException} for one that is not an id of a log. */
    static Parsed parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an event id: " + id);
        }
        try {
            Long.parseUnsignedLong(m.group(2));
            Long.parseUnsignedLong(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an event id: " + id, e);
        }
        return new Parsed(m.group(1), m.group(2) + "-" + m.group(3));
    }

    /** An id's generation and the stream id it stands for. */
    record Parsed(String generation, String streamId) {
    }
}
