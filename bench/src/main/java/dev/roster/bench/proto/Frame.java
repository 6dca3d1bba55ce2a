package dev.roster.bench.proto;

/**
 * A server frame, reduced to the fields the scenarios read. Absent fields are null; {@code at} is 0 when absent.
 *
 * @param type    {@code welcome}, {@code presence}, {@code message}, {@code joined}, {@code error}...
 * @param re      the id of the client frame this answers, as text
 * @param user    the user a {@code welcome} or {@code presence} frame is about
 * @param from    the sender of a {@code message}
 * @param members how many members a {@code joined} or {@code members} reply lists; -1 when it lists none
 */
public record Frame(String type, String re, String room, String user, String state, String from, String text,
                    String session, String node, String code, long at, int members) {

    public boolean is(String wanted) {
        return wanted.equals(type);
    }
}
