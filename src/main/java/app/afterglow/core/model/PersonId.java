package app.afterglow.core.model;

/** The bot's own, platform-independent number for a person. */
public record PersonId(long value) {
    /**
     * Whom an apology is for when handling failed before the person could be looked up: never an
     * address, since an answer goes back where its person acted.
     */
    public static final PersonId UNKNOWN = new PersonId(0);

    @Override
    public String toString() {
        return "person#" + value;
    }
}
