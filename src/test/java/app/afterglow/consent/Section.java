package app.afterglow.consent;

import java.util.List;
import java.util.Optional;

/**
 * A stretch of one person's transcript that reads as one thing: a question screen, a review, a
 * reveal, a notice… {@code lines} are the printed texts without the {@code [to NAME] } prefix; for
 * titled sections the title is line 0.
 */
record Section(String to, Kind kind, Optional<Checkin> checkin, int number, List<String> lines) {
    enum Kind {
        QUESTION, REVIEW, PAUSED, WAITING, REVEAL, NOTICE, NEED, ECHO, OTHER, LOOSE
    }

    Section {
        lines = List.copyOf(lines);
    }

    boolean about(Checkin c) {
        return checkin.filter(c::equals).isPresent();
    }

    String text() {
        return String.join("\n", lines);
    }

    boolean mentions(String phrase) {
        return lines.stream().anyMatch(l -> l.contains(phrase));
    }
}
