package app.afterglow.core.model;

/** The bot's own, platform-independent number for a person. */
public record PersonId(long value) {
    /**
     * Whom an apology is for when handling failed before the person could be looked up: never an
     * address, since an answer goes back where its person acted.
     */
    public static final PersonId UNKNOWN = new PersonId(0);

    // Written out, as in PlatformUser: a record's own equals and hashCode are linked through
    // java.lang.invoke on their first call, some 15 ms of processor on a start's first answer.
    @Override
    public boolean equals(Object other) {
        return other instanceof PersonId id && id.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return "person#" + value;
    }
}
