package app.afterglow.core.model;

public enum PartnershipStatus {
    /** Invited, not yet answered. */
    PENDING,
    ACTIVE,
    DECLINED,
    ENDED
}
