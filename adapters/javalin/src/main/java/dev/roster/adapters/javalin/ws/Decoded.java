package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.databind.JsonNode;

/** What the decoder made of one text frame: a valid frame, or the error to answer it with. */
public sealed interface Decoded {

    /** The wire type to count the frame under: its type when valid, {@code invalid} otherwise. */
    String metricType();

    /** {@code re} is the frame's id to echo in the reply, or null when it had none. */
    record Valid(ClientFrame frame, JsonNode re) implements Decoded {
        @Override
        public String metricType() {
            return frame.type();
        }
    }

    record Invalid(FrameError error) implements Decoded {
        @Override
        public String metricType() {
            return "invalid";
        }
    }
}
