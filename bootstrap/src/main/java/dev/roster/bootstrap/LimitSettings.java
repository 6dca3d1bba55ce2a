package dev.roster.bootstrap;

import dev.roster.application.port.in.SayUseCase;
import java.util.List;

/**
 * What one client may take of a node; each is checked where it is spent.
 *
 * @param maxRoomsPerSession          rooms one connection may have joined at once
 * @param maxSessionsPerUser          open connections of one user across all nodes
 * @param maxConnectionsPerAddress    open connections from one client address on this node; 0 for no limit
 * @param handshakesPerAddressPerSecond WebSocket handshakes one client address may start per second; 0 for no limit
 * @param framesPerSecond             the steady rate of frames one connection may send
 * @param framesBurst                 how many frames one connection may send at once, at least {@code framesPerSecond}
 * @param maxTextBytes                UTF-8 bytes of a {@code say} text
 * @param maxQueuedBytes              bytes waiting to be sent to one connection before it is closed with 1013
 */
public record LimitSettings(int maxRoomsPerSession, int maxSessionsPerUser, int maxConnectionsPerAddress,
                            int handshakesPerAddressPerSecond, int framesPerSecond, int framesBurst, int maxTextBytes,
                            long maxQueuedBytes) {
    static final String ROOMS_PER_SESSION = "ROSTER_MAX_ROOMS_PER_SESSION";
    static final String SESSIONS_PER_USER = "ROSTER_MAX_SESSIONS_PER_USER";
    static final String CONNECTIONS_PER_ADDRESS = "ROSTER_MAX_CONNECTIONS_PER_ADDRESS";
    static final String HANDSHAKES_PER_ADDRESS = "ROSTER_HANDSHAKES_PER_ADDRESS_PER_S";
    static final String FRAMES_PER_S = "ROSTER_FRAMES_PER_S";
    static final String FRAMES_BURST = "ROSTER_FRAMES_BURST";
    static final String TEXT_BYTES = "ROSTER_MAX_TEXT_BYTES";
    static final String QUEUED_BYTES = "ROSTER_MAX_QUEUED_BYTES";
    static final List<String> VARIABLES = List.of(ROOMS_PER_SESSION, SESSIONS_PER_USER, CONNECTIONS_PER_ADDRESS,
            HANDSHAKES_PER_ADDRESS, FRAMES_PER_S, FRAMES_BURST, TEXT_BYTES, QUEUED_BYTES);

    private static final int DEFAULT_BURST = 200;
    private static final int MILLION = 1_000_000;
    /**
     * The longest text a {@code say} may carry in any case, {@code SayCommand.MAX_TEXT_LENGTH} characters: a larger
     * byte limit could never be reached by a text of one-byte characters.
     */
    private static final int MAX_TEXT_BYTES = SayUseCase.SayCommand.MAX_TEXT_LENGTH;

    public LimitSettings {
        if (framesBurst < framesPerSecond) {
            throw new IllegalArgumentException("framesBurst " + framesBurst + " < framesPerSecond " + framesPerSecond);
        }
    }

    static LimitSettings read(ConfigSource source) {
        int framesPerSecond = (int) source.number(FRAMES_PER_S, 100, 1, 100_000);
        // the default burst grows with a raised rate, so that raising the rate alone is never refused
        int burst = (int) source.number(FRAMES_BURST, Math.max(DEFAULT_BURST, framesPerSecond), 1, MILLION);
        if (burst < framesPerSecond) {
            throw new ConfigException(FRAMES_BURST + " (" + burst + ") must be at least " + FRAMES_PER_S + " ("
                    + framesPerSecond + "), or a client sending at the allowed rate would be refused");
        }
        return new LimitSettings(
                (int) source.number(ROOMS_PER_SESSION, 100, 1, 100_000),
                (int) source.number(SESSIONS_PER_USER, 32, 1, 100_000),
                (int) source.number(CONNECTIONS_PER_ADDRESS, 0, 0, MILLION),
                (int) source.number(HANDSHAKES_PER_ADDRESS, 0, 0, MILLION),
                framesPerSecond,
                burst,
                (int) source.number(TEXT_BYTES, 4_096, 1, MAX_TEXT_BYTES),
                source.number(QUEUED_BYTES, 1_048_576, 65_536, 1_073_741_824));
    }
}
