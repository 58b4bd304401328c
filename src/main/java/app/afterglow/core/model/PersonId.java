package app.afterglow.core.model;

/** The bot's own, platform-independent number for a person. */
public record PersonId(long value) {
    @Override
    public String toString() {
        return "person#" + value;
    }
}
