package app.afterglow.config;

import app.afterglow.core.CoreSettings;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything the bot is told at start-up, already checked: a {@code Config} that exists is valid.
 * Immutable and safe to share between threads. Secrets inside print as {@code ******}, so the
 * whole record may be logged. With neither Discord nor Matrix present the bot runs the console.
 */
public record Config(DataConfig data, DefaultsConfig defaults, CheckinsConfig checkins, QuestionsConfig questions,
                     Optional<DiscordConfig> discord, Optional<MatrixConfig> matrix, SchedulerConfig scheduler,
                     LogConfig log) {
    public Config {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(checkins, "checkins");
        Objects.requireNonNull(questions, "questions");
        Objects.requireNonNull(discord, "discord");
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(log, "log");
    }

    /** Every option at its default: no platform, so the console, and data in {@code ./data}. */
    public static Config byDefault() {
        return new Config(DataConfig.byDefault(), DefaultsConfig.byDefault(), CheckinsConfig.byDefault(),
                QuestionsConfig.byDefault(), Optional.empty(), Optional.empty(), SchedulerConfig.byDefault(),
                LogConfig.byDefault());
    }

    /** What the core is told of the check-in timing and of the defaults people start with. */
    public CoreSettings coreSettings() {
        return new CoreSettings(checkins.expiry(), checkins.reminder(), checkins.followup(), defaults.timezone(),
                defaults.quietHours(), data.keepCheckins());
    }
}
