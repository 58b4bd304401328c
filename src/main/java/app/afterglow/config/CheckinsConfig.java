package app.afterglow.config;

import app.afterglow.core.CoreSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a check-in runs. All three are positive, and the reminder comes before the expiry.
 *
 * @param expiry   a check-in not submitted by both partners within this, counted from its start,
 *                 reveals nothing
 * @param reminder when a partner who has not finished gets their one reminder, counted from the start
 * @param followup how long after {@code /session end} the follow-up check-in starts
 */
public record CheckinsConfig(Duration expiry, Duration reminder, Duration followup) {
    public CheckinsConfig {
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(reminder, "reminder");
        Objects.requireNonNull(followup, "followup");
        if (expiry.isNegative() || expiry.isZero() || reminder.isNegative() || reminder.isZero()
                || followup.isNegative() || followup.isZero()) {
            throw new IllegalArgumentException("check-in durations must be positive");
        }
        if (reminder.compareTo(expiry) >= 0) {
            throw new IllegalArgumentException("the reminder must come before the check-in expires");
        }
    }

    /** The core's defaults ({@link CoreSettings#defaults()}). */
    public static CheckinsConfig byDefault() {
        CoreSettings defaults = CoreSettings.defaults();
        return new CheckinsConfig(defaults.expiry(), defaults.reminder(), defaults.followupDelay());
    }
}
