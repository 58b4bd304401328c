package app.afterglow.core.model;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily window, in the person's own time zone, in which nothing scheduled reaches them.
 * The window may wrap midnight (22:00–08:00).
 */
public record QuietHours(LocalTime start, LocalTime end) {
    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time");
        }
    }

    public boolean contains(LocalTime time) {
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /** Parses {@code HH:MM-HH:MM}; empty when the text is not of that shape. */
    public static Optional<QuietHours> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("\\s*[-–]\\s*");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            LocalTime from = LocalTime.parse(pad(parts[0]));
            LocalTime to = LocalTime.parse(pad(parts[1]));
            return from.equals(to) ? Optional.empty() : Optional.of(new QuietHours(from, to));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String pad(String hhmm) {
        return hhmm.length() == 4 ? "0" + hhmm : hhmm;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
