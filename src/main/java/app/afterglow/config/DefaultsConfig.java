package app.afterglow.config;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.model.QuietHours;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings a person starts with until they choose their own.
 *
 * @param timezone   the zone scheduled messages are timed in
 * @param quietHours when nothing scheduled is delivered; empty when turned off
 */
public record DefaultsConfig(ZoneId timezone, Optional<QuietHours> quietHours) {
    public DefaultsConfig {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(quietHours, "quietHours");
    }

    /** The core's defaults ({@link CoreSettings#defaults()}). */
    public static DefaultsConfig byDefault() {
        CoreSettings defaults = CoreSettings.defaults();
        return new DefaultsConfig(defaults.defaultZone(), defaults.defaultQuietHours());
    }
}
