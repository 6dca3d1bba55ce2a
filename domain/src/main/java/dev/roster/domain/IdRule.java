package dev.roster.domain;

import java.util.regex.Pattern;

/** The one rule every identifier follows: 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}. */
final class IdRule {
    static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.@:-]{1," + MAX_LENGTH + "}");

    private IdRule() {
    }

    static String check(String kind, String value) {
        if (value == null) {
            throw new InvalidIdException(kind, kind + " id is missing");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new InvalidIdException(kind, kind + " id must be 1 to " + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 _ . @ : - (got " + describe(value) + ")");
        }
        return value;
    }

    private static String describe(String value) {
        if (value.isEmpty()) {
            return "an empty string";
        }
        if (value.length() > MAX_LENGTH) {
            return value.length() + " characters";
        }
        return "\"" + value + "\"";
    }
}
