package app.afterglow.core;

import app.afterglow.core.model.QuietHours;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * The timing and defaults the core works with; the host sets them in the config, and
 * {@link #defaults()} is what every option the host leaves out falls back to.
 *
 * @param expiry        how long a check-in stays open
 * @param reminder      after how long an unfinished person gets the one reminder
 * @param followupDelay how long after a session ends the follow-up starts
 * @param keepCheckins  how long closed check-ins, ended sessions and queued messages are kept before
 *                      they are erased; empty keeps them until someone erases their data
 */
public record CoreSettings(Duration expiry, Duration reminder, Duration followupDelay, ZoneId defaultZone,
                           Optional<QuietHours> defaultQuietHours, Optional<Duration> keepCheckins) {
    public CoreSettings {
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(reminder, "reminder");
        Objects.requireNonNull(followupDelay, "followupDelay");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(defaultQuietHours, "defaultQuietHours");
        Objects.requireNonNull(keepCheckins, "keepCheckins");
        if (keepCheckins.isPresent() && (keepCheckins.get().isNegative() || keepCheckins.get().isZero())) {
            throw new IllegalArgumentException("check-ins are kept for a positive time, or for good");
        }
        if (!reminder.minus(expiry).isNegative()) {
            throw new IllegalArgumentException("the reminder must come before the check-in expires");
        }
    }

    /**
     * The defaults the product promises, written here alone: the config falls back to them, test
     * bots start from them, and {@code config.example.yaml} is held to them by its test. The
     * follow-up comes the next day because a low can arrive hours or a day later.
     */
    public static CoreSettings defaults() {
        return new CoreSettings(Duration.ofHours(48), Duration.ofHours(12), Duration.ofHours(20), ZoneId.of("UTC"),
                QuietHours.parse("22:00-08:00"), Optional.empty());
    }

    /** The same settings with no quiet hours for people who have not chosen their own. */
    public CoreSettings withoutQuietHours() {
        return new CoreSettings(expiry, reminder, followupDelay, defaultZone, Optional.empty(), keepCheckins);
    }

    /** The same settings, erasing what is older than {@code keep} (see {@link #keepCheckins()}). */
    public CoreSettings keepingCheckinsFor(Duration keep) {
        return new CoreSettings(expiry, reminder, followupDelay, defaultZone, defaultQuietHours, Optional.of(keep));
    }
}
