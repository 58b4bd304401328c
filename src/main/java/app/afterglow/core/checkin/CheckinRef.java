package app.afterglow.core.checkin;

import java.util.Optional;

/**
 * The ref on a check-in's buttons and prompts: {@code ci:<checkin>:<verb>[:<arg>]}. It names what
 * was pressed, never who may press it.
 */
public record CheckinRef(long checkinId, String verb, String arg) {
    public static final String PREFIX = "ci:";

    public static String of(long checkinId, String verb) {
        return PREFIX + checkinId + ":" + verb;
    }

    public static String of(long checkinId, String verb, Object arg) {
        return of(checkinId, verb) + ":" + arg;
    }

    public static Optional<CheckinRef> parse(String ref) {
        if (ref == null || !ref.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = ref.split(":", 4);
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CheckinRef(Long.parseLong(parts[1]), parts[2], parts.length == 4 ? parts[3] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The argument as a question position, or -1 when it is not one. */
    public int position() {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
