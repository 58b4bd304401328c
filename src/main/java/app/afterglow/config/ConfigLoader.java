package app.afterglow.config;

import app.afterglow.core.model.QuietHours;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the configuration from an optional YAML file and the environment, and checks every value.
 * See {@code config.example.yaml} for each option and its default.
 */
public final class ConfigLoader {
    /** The environment variable that names the config file; the caller reads it, {@link #load} skips it. */
    public static final String CONFIG_FILE_VARIABLE = "AFTERGLOW_CONFIG";

    private static final int MAX_HOURS = 720;
    private static final int MAX_TICK_SECONDS = 3600;
    /** A hundred years: longer is keeping for good, which leaving the option out already says. */
    private static final int MAX_KEEP_DAYS = 36_500;

    private final Sources sources;

    private ConfigLoader(Sources sources) {
        this.sources = sources;
    }

    /**
     * Reads and checks the configuration. Safe to call from any thread; it keeps no state.
     *
     * @param file the config file; when given it must exist. When empty, every option no variable
     *             sets takes its default.
     * @param env  the environment, usually {@code System.getenv()}. {@code AFTERGLOW_<SECTION>_<OPTION>}
     *             (the option's path upper-cased, dot as underscore) sets that option over the file;
     *             a list option takes comma-separated values; an empty variable counts as unset.
     *             {@link #CONFIG_FILE_VARIABLE} is left to the caller; any other {@code AFTERGLOW_} variable
     *             is an error.
     * @return a valid configuration; Discord is present iff a token is set, Matrix iff a homeserver is
     * @throws ConfigException naming the file or variable and the field, never quoting a secret
     */
    public static Config load(Optional<Path> file, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        Map<String, Object> tree = file.isPresent() ? Yaml.readPlainFile(file.get(), Yaml.Booleans.AS_WRITTEN)
                : new LinkedHashMap<>();
        List<ConfigOption> options = ConfigOption.all();
        Set<String> inFile = options.stream()
                .filter(option -> givesValue(tree.get(option.section()) instanceof Map<?, ?> section
                        ? section.get(option.name())
                        : null))
                .map(ConfigOption::path)
                .collect(Collectors.toSet());
        Map<String, String> variables = EnvironmentOverrides.apply(options, env, tree);
        Sources sources = new Sources(file, options, inFile, variables);
        return new ConfigLoader(sources).check(ConfigBinding.bind(tree, options, sources));
    }

    /** Whether a value in the file gives an option a value; blank text and an empty list do not. */
    private static boolean givesValue(Object value) {
        return value != null
                && !(value instanceof String text && text.isBlank())
                && !(value instanceof List<?> list && list.isEmpty());
    }

    private Config check(ConfigFile raw) throws ConfigException {
        return new Config(data(raw.data()), defaults(raw.defaults()), checkins(raw.checkins()),
                questions(raw.questions()), discord(raw.discord()), matrix(raw.matrix()), scheduler(raw.scheduler()),
                log(raw.log()));
    }

    private DataConfig data(ConfigFile.Data raw) throws ConfigException {
        Path dir = path("data.dir", raw.dir()).orElse(DataConfig.byDefault().dir());
        Optional<Secret> key = secret(raw.key());
        if (key.isPresent() && !DataConfig.isAesKey(key.get())) {
            throw sources.invalidSecret("data.key",
                    "a base64 AES key of 32 bytes, such as the output of: openssl rand -base64 32");
        }
        Optional<Duration> keep = hasText(raw.keepCheckinsDays())
                ? Optional.of(Duration.ofDays(wholeNumber("data.keep_checkins_days", raw.keepCheckinsDays(), "days",
                MAX_KEEP_DAYS)))
                : Optional.empty();
        return new DataConfig(dir, key, keep);
    }

    private DefaultsConfig defaults(ConfigFile.Defaults raw) throws ConfigException {
        DefaultsConfig fallback = DefaultsConfig.byDefault();
        ZoneId zone = fallback.timezone();
        if (hasText(raw.timezone())) {
            try {
                zone = ZoneId.of(raw.timezone().trim());
            } catch (DateTimeException e) {
                throw sources.invalid("defaults.timezone",
                        "a time zone name like Europe/Berlin, America/New_York or UTC", raw.timezone());
            }
        }
        Optional<QuietHours> quietHours = fallback.quietHours();
        if (hasText(raw.quietHours())) {
            String text = raw.quietHours().trim();
            // false is YAML's own word for off
            quietHours = text.equalsIgnoreCase("off") || text.equals("false")
                    ? Optional.empty()
                    : Optional.of(QuietHours.parse(text).orElseThrow(() -> sources.invalid("defaults.quiet_hours",
                    "a time range like 22:00-08:00, or off", raw.quietHours())));
        }
        return new DefaultsConfig(zone, quietHours);
    }

    private CheckinsConfig checkins(ConfigFile.Checkins raw) throws ConfigException {
        CheckinsConfig fallback = CheckinsConfig.byDefault();
        Duration expiry = hours("checkins.expiry_hours", raw.expiryHours()).orElse(fallback.expiry());
        Duration reminder = hours("checkins.reminder_hours", raw.reminderHours()).orElse(fallback.reminder());
        Duration followup = hours("checkins.followup_hours", raw.followupHours()).orElse(fallback.followup());
        if (reminder.compareTo(expiry) >= 0) {
            // blame whichever of the two was written down: the defaults alone are consistent
            throw sources.isSet("checkins.reminder_hours")
                    ? sources.invalid("checkins.reminder_hours", "fewer hours than checkins.expiry_hours, which is "
                    + expiry.toHours(), raw.reminderHours())
                    : sources.invalid("checkins.expiry_hours", "more hours than checkins.reminder_hours, which is "
                    + reminder.toHours() + " by default", raw.expiryHours());
        }
        return new CheckinsConfig(expiry, reminder, followup);
    }

    private QuestionsConfig questions(ConfigFile.Questions raw) throws ConfigException {
        return new QuestionsConfig(path("questions.file", raw.file()));
    }

    private SchedulerConfig scheduler(ConfigFile.Scheduler raw) throws ConfigException {
        if (!hasText(raw.tickSeconds())) {
            return SchedulerConfig.byDefault();
        }
        return new SchedulerConfig(Duration.ofSeconds(
                wholeNumber("scheduler.tick_seconds", raw.tickSeconds(), "seconds", MAX_TICK_SECONDS)));
    }

    private LogConfig log(ConfigFile.Log raw) throws ConfigException {
        if (!hasText(raw.level())) {
            return LogConfig.byDefault();
        }
        String level = raw.level().trim().toLowerCase(Locale.ROOT);
        if (!LogConfig.LEVELS.contains(level)) {
            throw sources.invalid("log.level", "one of " + String.join(", ", LogConfig.LEVELS), raw.level());
        }
        return new LogConfig(level);
    }

    private Optional<DiscordConfig> discord(ConfigFile.Discord raw) throws ConfigException {
        Optional<Secret> token = secret(raw.token());
        Optional<URI> restBaseUrl = url("discord.rest_base_url", raw.restBaseUrl(), "http", "https");
        Optional<URI> gatewayUrl = url("discord.gateway_url", raw.gatewayUrl(), "ws", "wss");
        if (token.isEmpty()) {
            requireNoneSet("discord.token", "Discord stays off without a bot token",
                    "discord.rest_base_url", "discord.gateway_url", "discord.shards", "discord.requests_per_second");
            return Optional.empty();
        }
        Optional<DiscordShards> shards = Optional.empty();
        if (hasText(raw.shards())) {
            shards = Optional.of(DiscordShards.parse(raw.shards()).orElseThrow(() -> sources.invalid("discord.shards",
                    "this process's shards and the total, like 0-1/2 (shards 0 and 1 of 2) or 3/8 (shard 3 of 8)",
                    raw.shards())));
        }
        int requestsPerSecond = hasText(raw.requestsPerSecond())
                ? wholeNumber("discord.requests_per_second", raw.requestsPerSecond(), "requests a second",
                DiscordConfig.MAX_REQUESTS_PER_SECOND)
                : DiscordConfig.DEFAULT_REQUESTS_PER_SECOND;
        return Optional.of(new DiscordConfig(token.get(), restBaseUrl, gatewayUrl, shards, requestsPerSecond));
    }

    private Optional<MatrixConfig> matrix(ConfigFile.Matrix raw) throws ConfigException {
        if (!hasText(raw.homeserver())) {
            requireNoneSet("matrix.homeserver", "Matrix stays off without a homeserver", "matrix.user_id",
                    "matrix.access_token", "matrix.password", "matrix.allowed_users", "matrix.device_id",
                    "matrix.encryption");
            return Optional.empty();
        }
        URI homeserver = url("matrix.homeserver", raw.homeserver(), "https", "http").orElseThrow();
        if (!hasText(raw.userId())) {
            throw sources.missing("matrix.user_id",
                    "when Matrix is on: the bot's own user id, like @afterglow:example.org");
        }
        String userId = raw.userId().trim();
        if (!MatrixConfig.isUserId(userId)) {
            throw sources.invalid("matrix.user_id", "a Matrix user id like @afterglow:example.org", raw.userId());
        }
        Optional<Secret> accessToken = secret(raw.accessToken());
        Optional<Secret> password = secret(raw.password());
        if (accessToken.isPresent() && password.isPresent()) {
            throw new ConfigException(sources.where("matrix.password")
                    + " cannot be used together with matrix.access_token: keep one of them");
        }
        if (accessToken.isEmpty() && password.isEmpty()) {
            throw sources.missing("matrix.access_token", "when Matrix is on, or else matrix.password");
        }
        return Optional.of(new MatrixConfig(homeserver, userId, accessToken, password, allowedUsers(raw.allowedUsers()),
                Optional.ofNullable(raw.deviceId()).filter(ConfigLoader::hasText).map(String::trim),
                encryption(raw.encryption())));
    }

    private MatrixConfig.Encryption encryption(String raw) throws ConfigException {
        if (!hasText(raw)) {
            return MatrixConfig.Encryption.REQUIRED;
        }
        return MatrixConfig.Encryption.named(raw.trim()).orElseThrow(() -> sources.invalid("matrix.encryption",
                "one of required, preferred or off", raw));
    }

    private List<String> allowedUsers(List<String> raw) throws ConfigException {
        List<String> users = new ArrayList<>();
        for (String entry : raw == null ? List.<String>of() : raw) {
            if (!hasText(entry)) {
                continue;
            }
            if (!MatrixConfig.isAllowedUsersEntry(entry.trim())) {
                throw sources.invalid("matrix.allowed_users",
                        "a list of user ids like @alice:example.org or whole servers like *:example.org", entry);
            }
            users.add(entry.trim());
        }
        if (users.isEmpty()) {
            throw sources.missing("matrix.allowed_users", "when Matrix is on: list who may use the bot,"
                    + " like @alice:example.org, or a whole server, like *:example.org");
        }
        return users;
    }

    /** Options that mean nothing while {@code switchPath} is unset are, when given, most likely a slip. */
    private void requireNoneSet(String switchPath, String because, String... paths) throws ConfigException {
        Optional<String> set = Stream.of(paths).filter(sources::isSet).findFirst();
        if (set.isPresent()) {
            throw new ConfigException(sources.where(set.get()) + " only works with " + switchPath + " set ("
                    + because + ")");
        }
    }

    private Optional<Duration> hours(String path, String raw) throws ConfigException {
        return hasText(raw)
                ? Optional.of(Duration.ofHours(wholeNumber(path, raw, "hours", MAX_HOURS)))
                : Optional.empty();
    }

    private int wholeNumber(String path, String raw, String unit, int max) throws ConfigException {
        String digits = raw.trim();
        int value = digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : 0;
        if (value < 1 || value > max) {
            throw sources.invalid(path, "a whole number of " + unit + " from 1 to " + max, raw);
        }
        return value;
    }

    private Optional<Path> path(String path, String raw) throws ConfigException {
        if (!hasText(raw)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(raw.trim()));
        } catch (InvalidPathException e) {
            throw sources.invalid(path, "a file or directory path", raw);
        }
    }

    private Optional<URI> url(String path, String raw, String... schemes) throws ConfigException {
        if (!hasText(raw)) {
            return Optional.empty();
        }
        Optional<URI> uri = parseUri(raw.trim())
                .filter(u -> u.getHost() != null
                        && Stream.of(schemes).anyMatch(scheme -> scheme.equalsIgnoreCase(u.getScheme())));
        if (uri.isEmpty()) {
            throw sources.invalid(path, "a URL starting with " + String.join("://, ", schemes) + "://", raw);
        }
        return uri;
    }

    private static Optional<URI> parseUri(String text) {
        try {
            return Optional.of(new URI(text));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<Secret> secret(String raw) {
        return hasText(raw) ? Optional.of(Secret.of(raw.trim())) : Optional.empty();
    }

    /** A blank value means the same as a missing one, whether from the file or the environment. */
    private static boolean hasText(String raw) {
        return raw != null && !raw.isBlank();
    }
}
