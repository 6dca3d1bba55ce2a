package dev.roster.domain;

/** The one rule every identifier follows: 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}. */
final class IdRule {
    static final int MAX_LENGTH = 64;

    private IdRule() {
    }

    static String check(String kind, String value) {
        if (value == null) {
            throw new InvalidIdException(kind, kind + " id is missing");
        }
        if (!allowed(value)) {
            throw new InvalidIdException(kind, kind + " id must be 1 to " + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 _ . @ : - (got " + describe(value) + ")");
        }
        return value;
    }

    /** The rule as a loop: every id of every frame and every Redis key goes through here, a regex costs more. */
    private static boolean allowed(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '@' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
