package app.afterglow.core.questions;

import java.util.Locale;
import java.util.Optional;

/** What a round of questions is for. */
public enum CheckinKind {
    BEFORE("negotiation"),
    AFTER("aftercare"),
    FOLLOWUP("follow-up"),
    /** One person's aftercare preferences: kept by them, never revealed as a check-in. */
    PREFS("aftercare preferences");

    private final String title;

    CheckinKind(String title) {
        this.title = title;
    }

    /** How people read the kind: "aftercare", "follow-up". */
    public String title() {
        return title;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean personal() {
        return this == PREFS;
    }

    public static Optional<CheckinKind> parse(String text) {
        for (CheckinKind kind : values()) {
            if (kind.id().equalsIgnoreCase(text.trim())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
