package app.afterglow.core.questions;

public enum QuestionType {
    /** A whole number between the question's min and max (0–10 by default). */
    SCALE,
    /** Exactly one of the options. */
    ONE,
    /** One or more of the options. */
    MANY,
    /** Short free text, up to the question's length limit. */
    TEXT
}
