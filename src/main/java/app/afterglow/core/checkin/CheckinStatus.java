package app.afterglow.core.checkin;

public enum CheckinStatus {
    OPEN,
    /** Both submitted; the mutually shared answers went to both. */
    REVEALED,
    /** Not submitted by both in time: nothing was revealed. */
    EXPIRED,
    /** The partnership ended, or a person erased their data, while it was open: nothing revealed. */
    CANCELLED,
    /** A personal form (preferences) that its owner saved. */
    SAVED
}
