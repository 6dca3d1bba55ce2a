package dev.roster.domain;

/** The free text a user may set beside its status ("in a meeting"): at most 256 characters, no control characters. */
public final class StatusText {
    public static final int MAX_LENGTH = 256;

    private StatusText() {
    }

    /** Returns the text if valid ({@code null} stays {@code null}); otherwise a domain error. */
    public static String check(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_LENGTH) {
            throw new DomainException("status text must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new DomainException("status text must not contain control characters");
            }
        }
        return text;
    }
}
