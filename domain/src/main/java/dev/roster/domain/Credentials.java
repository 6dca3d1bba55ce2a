package dev.roster.domain;

/**
 * What a client offered to prove who it is when it opened its connection: a signed token, or (where the node trusts
 * plain names) a user name. Either may be null.
 */
public record Credentials(String token, String user) {
}
