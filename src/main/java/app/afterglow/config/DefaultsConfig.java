package app.afterglow.config;

import app.afterglow.core.model.QuietHours;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings a person starts with until they choose their own.
 *
 * @param timezone   the zone scheduled messages are timed in; default UTC
 * @param quietHours when nothing scheduled is delivered; default 22:00–08:00, empty when turned off
 */
public record DefaultsConfig(ZoneId timezone, Optional<QuietHours> quietHours) {
    public DefaultsConfig {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(quietHours, "quietHours");
    }

    /** UTC, with quiet hours from 22:00 to 08:00. */
    public static DefaultsConfig byDefault() {
        return new DefaultsConfig(ZoneId.of("UTC"), QuietHours.parse("22:00-08:00"));
    }
}
