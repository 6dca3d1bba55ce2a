package dev.roster.adapters.javalin.ws;

import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.domain.RoomId;
import dev.roster.domain.Status;

/** A client frame that passed every check of the wire format: its fields are already domain values. */
public sealed interface ClientFrame {

    /** The wire {@code type}. */
    String type();

    record Join(RoomId room) implements ClientFrame {
        @Override
        public String type() {
            return "join";
        }
    }

    record Leave(RoomId room) implements ClientFrame {
        @Override
        public String type() {
            return "leave";
        }
    }

    /** {@code text} is null when the client set none. */
    record SetStatus(Status status, String text) implements ClientFrame {
        @Override
        public String type() {
            return "status";
        }
    }

    record Say(RoomId room, String text) implements ClientFrame {
        @Override
        public String type() {
            return "say";
        }
    }

    /** {@code limit}: at most this many members (1 to 1000); {@code cursor}: null for the first page. */
    record Who(RoomId room, int limit, String cursor) implements ClientFrame {
        /** The first page, of the default size. */
        public Who(RoomId room) {
            this(room, WhoCommand.DEFAULT_LIMIT, null);
        }

        @Override
        public String type() {
            return "who";
        }
    }

    record Ping() implements ClientFrame {
        @Override
        public String type() {
            return "ping";
        }
    }
}
