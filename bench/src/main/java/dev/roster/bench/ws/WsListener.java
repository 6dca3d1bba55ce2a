package dev.roster.bench.ws;

/** Receives what arrives on one client connection; called on the client's I/O threads, so it must not block. */
public interface WsListener {

    /** One whole text frame. */
    void onText(String text);

    /** The connection closed, by either side or by an error; called at most once. */
    void onClosed(int code, String reason);
}
