package app.afterglow.core.messages;

/** How a line reads; each renderer decides what that looks like on its platform. */
public enum Style {
    /** The heading of a message. */
    TITLE,
    /** Ordinary text. */
    TEXT,
    /** A person's answer, shown set apart. */
    QUOTE,
    /** A quieter line: how to answer, what happens next. */
    NOTE
}
