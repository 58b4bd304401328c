package app.afterglow.config;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.model.QuietHours;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    private Config load(String yaml, Map<String, String> env) throws IOException, ConfigException {
        return ConfigLoader.load(Optional.of(file(yaml)), env);
    }

    private String error(String yaml, Map<String, String> env) throws IOException {
        Path path = file(yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(path), env)).getMessage();
    }

    private String error(String yaml) throws IOException {
        return error(yaml, Map.of());
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected \"" + part + "\" in: " + text);
        }
    }

    @Nested
    @DisplayName("Reading values")
    class Reading {
        @Test
        @DisplayName("With no file and no variables, every option takes its default and only the console runs")
        void defaultsWithoutFile() throws ConfigException {
            Config config = ConfigLoader.load(Optional.empty(), Map.of("PATH", "/usr/bin"));

            assertEquals(Config.byDefault(), config);
            assertEquals(Path.of("./data"), config.data().dir());
            assertEquals(ZoneId.of("UTC"), config.defaults().timezone());
            assertEquals(QuietHours.parse("22:00-08:00"), config.defaults().quietHours());
            assertEquals(Duration.ofHours(48), config.checkins().expiry());
            assertEquals(Duration.ofHours(12), config.checkins().reminder());
            assertEquals(Duration.ofHours(20), config.checkins().followup());
            assertEquals(Duration.ofSeconds(30), config.scheduler().tick());
            assertEquals("info", config.log().level());
            assertTrue(config.discord().isEmpty());
            assertTrue(config.matrix().isEmpty());
        }

        @Test
        @DisplayName("An empty file means the defaults")
        void emptyFile() throws Exception {
            assertEquals(Config.byDefault(), load("# nothing here yet\n", Map.of()));
        }

        @Test
        @DisplayName("Values written in the file are read into typed settings")
        void fileValues() throws Exception {
            Config config = load("""
                    data:
                      dir: /var/lib/afterglow
                      key: "%s"
                    defaults:
                      timezone: Europe/Berlin
                      quiet_hours: "23:30-07:00"
                    checkins:
                      expiry_hours: 24
                      reminder_hours: 6
                      followup_hours: 18
                    questions:
                      file: my-questions.yaml
                    scheduler:
                      tick_seconds: 5
                    log:
                      level: DEBUG
                    discord:
                      token: discord-token
                      rest_base_url: http://127.0.0.1:8080/api/v10
                      gateway_url: ws://127.0.0.1:8080/gateway
                    matrix:
                      homeserver: https://matrix.example.org
                      user_id: "@afterglow:example.org"
                      password: hunter2
                      allowed_users: ["@alice:example.org", "*:friends.example"]
                      device_id: AFTERGLOW
                      encryption: Preferred
                    """.formatted(KEY), Map.of());

            assertEquals(Path.of("/var/lib/afterglow"), config.data().dir());
            assertEquals(32, config.data().keyBytes().orElseThrow().length);
            assertEquals(ZoneId.of("Europe/Berlin"), config.defaults().timezone());
            assertEquals(QuietHours.parse("23:30-07:00"), config.defaults().quietHours());
            assertEquals(new CheckinsConfig(Duration.ofHours(24), Duration.ofHours(6), Duration.ofHours(18)),
                    config.checkins());
            assertEquals(Optional.of(Path.of("my-questions.yaml")), config.questions().file());
            assertEquals(Duration.ofSeconds(5), config.scheduler().tick());
            assertEquals("debug", config.log().level(), "any case, kept in slf4j's lower case");
            DiscordConfig discord = config.discord().orElseThrow();
            assertEquals("discord-token", discord.token().reveal());
            assertEquals(Optional.of(URI.create("http://127.0.0.1:8080/api/v10")), discord.restBaseUrl());
            assertEquals(Optional.of(URI.create("ws://127.0.0.1:8080/gateway")), discord.gatewayUrl());
            MatrixConfig matrix = config.matrix().orElseThrow();
            assertEquals(URI.create("https://matrix.example.org"), matrix.homeserver());
            assertEquals("@afterglow:example.org", matrix.userId());
            assertEquals(Optional.of(Secret.of("hunter2")), matrix.password());
            assertTrue(matrix.accessToken().isEmpty());
            assertEquals(MatrixConfig.Encryption.PREFERRED, matrix.encryption(), "any case");
            assertEquals(List.of("@alice:example.org", "*:friends.example"), matrix.allowedUsers());
            assertEquals(Optional.of("AFTERGLOW"), matrix.deviceId());
        }

        @Test
        @DisplayName("GIVEN no timing or defaults set THEN the core gets its own defaults; GIVEN them set THEN it gets those")
        void coreSettings() throws Exception {
            assertEquals(CoreSettings.defaults(), ConfigLoader.load(Optional.empty(), Map.of()).coreSettings());

            Config config = load("""
                    defaults:
                      timezone: Europe/Berlin
                      quiet_hours: "23:30-07:00"
                    checkins:
                      expiry_hours: 24
                      reminder_hours: 6
                      followup_hours: 18
                    """, Map.of());

            assertEquals(new CoreSettings(Duration.ofHours(24), Duration.ofHours(6), Duration.ofHours(18),
                    ZoneId.of("Europe/Berlin"), QuietHours.parse("23:30-07:00"), Optional.empty()), config.coreSettings());
        }

        @Test
        @DisplayName("GIVEN data.keep_checkins_days in the file or AFTERGLOW_DATA_KEEP_CHECKINS_DAYS WHEN loaded "
                + "THEN the core keeps check-ins that many days; left out THEN it keeps them")
        void keepCheckinsDays() throws Exception {
            assertEquals(Optional.of(Duration.ofDays(90)),
                    load("data:\n  keep_checkins_days: 90\n", Map.of()).coreSettings().keepCheckins());
            assertEquals(Optional.of(Duration.ofDays(7)),
                    load("", Map.of("AFTERGLOW_DATA_KEEP_CHECKINS_DAYS", "7")).coreSettings().keepCheckins());
            assertEquals(Optional.empty(), load("", Map.of()).coreSettings().keepCheckins());
        }

        @Test
        @DisplayName("GIVEN data.keep_checkins_days of 0, a negative number or a word WHEN loaded THEN it is refused, "
                + "saying a whole number of days from 1")
        void keepCheckinsDaysRefused() {
            for (String bad : new String[]{"0", "-3", "soon", "1.5"}) {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> load("data:\n  keep_checkins_days: \"" + bad + "\"\n", Map.of()), bad);
                assertTrue(e.getMessage().contains("data.keep_checkins_days"), e.getMessage());
                assertTrue(e.getMessage().contains("a whole number of days from 1 to 36500"), e.getMessage());
            }
        }

        @Test
        @DisplayName("Quiet hours can be turned off, even when YAML reads the bare word off as false")
        void quietHoursOff() throws Exception {
            assertEquals(Optional.empty(), load("defaults:\n  quiet_hours: off\n", Map.of()).defaults().quietHours());
            assertEquals(Optional.empty(), load("defaults:\n  quiet_hours: \"off\"\n", Map.of()).defaults().quietHours());
        }

        @Test
        @DisplayName("A bare word YAML takes for a boolean, or a number, reaches an option as written: log level off, "
                + "Matrix encryption off, and a number's own digits in a message")
        void bareWordsAsWritten() throws Exception {
            assertEquals("off", load("log:\n  level: off\n", Map.of()).log().level());
            Config matrix = load("""
                    matrix:
                      homeserver: https://m.example.org
                      user_id: "@afterglow:example.org"
                      access_token: t
                      allowed_users: "@alice:example.org"
                      encryption: off
                    """, Map.of());
            assertEquals(MatrixConfig.Encryption.OFF, matrix.matrix().orElseThrow().encryption());
            assertEquals(List.of("@alice:example.org"), matrix.matrix().orElseThrow().allowedUsers(),
                    "one value is a list of one");
            assertContains(error("checkins:\n  expiry_hours: 0x1F\n"), "(got \"0x1F\")");
        }

        @Test
        @DisplayName("A section left empty still takes its options from variables")
        void emptySectionTakesVariables() throws Exception {
            Config config = load("discord:\nlog:\n", Map.of("AFTERGLOW_DISCORD_TOKEN", "env-token"));

            assertEquals("env-token", config.discord().orElseThrow().token().reveal());
        }

        @Test
        @DisplayName("A blank token leaves Discord off, and a section left empty is the same as no section")
        void blankTokenMeansOff() throws Exception {
            Config config = load("discord:\n  token: \"\"\nmatrix:\n", Map.of());

            assertTrue(config.discord().isEmpty());
            assertTrue(config.matrix().isEmpty());
        }
    }

    @Nested
    @DisplayName("Environment variables")
    class Environment {
        @Test
        @DisplayName("A variable named after an option wins over the file")
        void envOverridesFile() throws Exception {
            Config config = load("""
                    data:
                      dir: /from/file
                    checkins:
                      expiry_hours: 24
                    """, Map.of(
                    "AFTERGLOW_DATA_DIR", "/from/env",
                    "AFTERGLOW_CHECKINS_EXPIRY_HOURS", "72",
                    "AFTERGLOW_DEFAULTS_TIMEZONE", "America/New_York",
                    "AFTERGLOW_DISCORD_TOKEN", "env-token"));

            assertEquals(Path.of("/from/env"), config.data().dir());
            assertEquals(Duration.ofHours(72), config.checkins().expiry());
            assertEquals(ZoneId.of("America/New_York"), config.defaults().timezone());
            assertEquals("env-token", config.discord().orElseThrow().token().reveal());
        }

        @Test
        @DisplayName("Variables alone can configure Matrix, with allowed users comma-separated")
        void envListParsing() throws ConfigException {
            Config config = ConfigLoader.load(Optional.empty(), Map.of(
                    "AFTERGLOW_MATRIX_HOMESERVER", "https://matrix.example.org",
                    "AFTERGLOW_MATRIX_USER_ID", "@afterglow:example.org",
                    "AFTERGLOW_MATRIX_ACCESS_TOKEN", "syt_secret",
                    "AFTERGLOW_MATRIX_ALLOWED_USERS", " @alice:example.org, *:friends.example ,,"));

            MatrixConfig matrix = config.matrix().orElseThrow();
            assertEquals(List.of("@alice:example.org", "*:friends.example"), matrix.allowedUsers());
            assertEquals("syt_secret", matrix.accessToken().orElseThrow().reveal());
        }

        @Test
        @DisplayName("An empty variable counts as unset, so the file's value stands")
        void emptyVariableIgnored() throws Exception {
            Config config = load("data:\n  dir: /from/file\n", Map.of("AFTERGLOW_DATA_DIR", ""));

            assertEquals(Path.of("/from/file"), config.data().dir());
        }

        @Test
        @DisplayName("An AFTERGLOW_ variable that names no option is an error naming it, but AFTERGLOW_CONFIG is left alone")
        void unknownVariable() {
            String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                    Map.of("AFTERGLOW_CONFIG", "config.yaml", "AFTERGLOW_CHECKIN_EXPIRY_HOURS", "5"))).getMessage();

            assertContains(message, "AFTERGLOW_CHECKIN_EXPIRY_HOURS", "not an Afterglow option");
            assertFalse(message.contains("AFTERGLOW_CONFIG"), message);
        }

        @Test
        @DisplayName("A bad value from a variable is reported under the variable's name")
        void badValueNamesVariable() {
            String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                    Map.of("AFTERGLOW_CHECKINS_EXPIRY_HOURS", "abc"))).getMessage();

            assertEquals("environment variable AFTERGLOW_CHECKINS_EXPIRY_HOURS must be a whole number of hours"
                    + " from 1 to 720 (got \"abc\")", message);
        }

        @Test
        @DisplayName("Every option has a variable: AFTERGLOW_, then section and option upper-cased")
        void everyOptionHasAVariable() {
            List<String> variables = ConfigOption.all().stream().map(ConfigOption::variable).toList();

            assertTrue(variables.containsAll(List.of("AFTERGLOW_DATA_DIR", "AFTERGLOW_DATA_KEY",
                    "AFTERGLOW_DEFAULTS_TIMEZONE", "AFTERGLOW_DEFAULTS_QUIET_HOURS", "AFTERGLOW_CHECKINS_EXPIRY_HOURS",
                    "AFTERGLOW_CHECKINS_REMINDER_HOURS", "AFTERGLOW_CHECKINS_FOLLOWUP_HOURS", "AFTERGLOW_QUESTIONS_FILE",
                    "AFTERGLOW_SCHEDULER_TICK_SECONDS", "AFTERGLOW_DISCORD_TOKEN", "AFTERGLOW_DISCORD_REST_BASE_URL",
                    "AFTERGLOW_DISCORD_GATEWAY_URL", "AFTERGLOW_MATRIX_HOMESERVER", "AFTERGLOW_MATRIX_USER_ID",
                    "AFTERGLOW_MATRIX_ACCESS_TOKEN", "AFTERGLOW_MATRIX_PASSWORD", "AFTERGLOW_MATRIX_ALLOWED_USERS",
                    "AFTERGLOW_MATRIX_DEVICE_ID", "AFTERGLOW_MATRIX_ENCRYPTION", "AFTERGLOW_LOG_LEVEL",
                    "AFTERGLOW_DATA_KEEP_CHECKINS_DAYS", "AFTERGLOW_DISCORD_SHARDS",
                    "AFTERGLOW_DISCORD_REQUESTS_PER_SECOND")), variables::toString);
            assertEquals(23, variables.size(), variables::toString);
        }

        @Test
        @DisplayName("GIVEN AFTERGLOW_LOG_LEVEL and a file's log.level WHEN loaded THEN the variable wins, and a level slf4j lacks is named")
        void logLevelFromVariable() throws Exception {
            assertEquals("warn", load("log:\n  level: debug\n", Map.of("AFTERGLOW_LOG_LEVEL", "warn")).log().level());

            String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                    Map.of("AFTERGLOW_LOG_LEVEL", "verbose"))).getMessage();

            assertEquals("environment variable AFTERGLOW_LOG_LEVEL must be one of off, error, warn, info, debug, trace"
                    + " (got \"verbose\")", message);
        }
    }

    @Nested
    @DisplayName("Mistakes in the file")
    class Mistakes {
        @Test
        @DisplayName("A number that is not a number names the file, the field and what was written")
        void badNumber() throws IOException {
            assertEquals(dir.resolve("config.yaml") + ": checkins.expiry_hours must be a whole number of hours"
                    + " from 1 to 720 (got \"abc\")", error("checkins:\n  expiry_hours: abc\n"));
            assertContains(error("checkins:\n  followup_hours: 0\n"), "checkins.followup_hours", "(got \"0\")");
            assertContains(error("checkins:\n  expiry_hours: 1.5\n"), "checkins.expiry_hours", "(got \"1.5\")");
            assertContains(error("scheduler:\n  tick_seconds: 99999\n"), "scheduler.tick_seconds", "1 to 3600");
        }

        @Test
        @DisplayName("A reminder that would come after the check-in expired is refused")
        void reminderAfterExpiry() throws IOException {
            assertContains(error("checkins:\n  expiry_hours: 10\n  reminder_hours: 10\n"),
                    "config.yaml: checkins.reminder_hours must be fewer hours than checkins.expiry_hours");
            assertContains(error("checkins:\n  expiry_hours: 6\n"),
                    "config.yaml: checkins.expiry_hours must be more hours than checkins.reminder_hours, which is 12");
        }

        @Test
        @DisplayName("An unknown option is named, with the options its section does have")
        void unknownOption() throws IOException {
            assertContains(error("checkins:\n  expiry_hour: 48\n"), "config.yaml: unknown option checkins.expiry_hour",
                    "expiry_hours, reminder_hours, followup_hours");
        }

        @Test
        @DisplayName("An unknown section is named, with the sections there are")
        void unknownSection() throws IOException {
            assertContains(error("chekins:\n  expiry_hours: 48\n"), "config.yaml: unknown section \"chekins\"",
                    "data, defaults, checkins");
        }

        @Test
        @DisplayName("A section written as a plain value, or a value written as a list, is refused by name")
        void wrongShape() throws IOException {
            assertContains(error("checkins: 48\n"), "config.yaml: checkins must be key: value lines");
            assertContains(error("discord:\n  token: [a, b]\n"), "config.yaml: discord.token must be text");
            assertContains(error("matrix:\n  allowed_users: [{a: b}]\n"),
                    "config.yaml: matrix.allowed_users must be a list of plain values");
        }

        @Test
        @DisplayName("An unknown time zone names the field")
        void badTimezone() throws IOException {
            assertContains(error("defaults:\n  timezone: Mars/Olympus\n"),
                    "config.yaml: defaults.timezone must be a time zone name", "(got \"Mars/Olympus\")");
        }

        @Test
        @DisplayName("Quiet hours that are not a time range name the field")
        void badQuietHours() throws IOException {
            assertContains(error("defaults:\n  quiet_hours: late evening\n"),
                    "config.yaml: defaults.quiet_hours must be a time range like 22:00-08:00, or off",
                    "(got \"late evening\")");
            assertContains(error("defaults:\n  quiet_hours: \"08:00-08:00\"\n"), "defaults.quiet_hours");
        }

        @Test
        @DisplayName("Malformed YAML names the file and the line")
        void malformedYaml() throws IOException {
            String message = error("data:\n  dir: ./data\n checkins: [\n");

            assertContains(message, "config.yaml: line 3", "not valid YAML");
        }

        @Test
        @DisplayName("A key written twice is an error, not a silent choice")
        void duplicateKey() throws IOException {
            assertContains(error("data:\n  dir: a\n  dir: b\n"), "config.yaml: line 3", "dir");
        }

        @Test
        @DisplayName("A config file that does not exist is a clear error, not the defaults")
        void missingFile() {
            Path missing = dir.resolve("nope.yaml");

            String message = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.of(missing), Map.of())).getMessage();

            assertContains(message, "nope.yaml: file not found");
        }

        @Test
        @DisplayName("Matrix without allowed users is refused, because the bot would be open to every server")
        void matrixWithoutAllowedUsers() throws IOException {
            assertContains(error("""
                    matrix:
                      homeserver: https://matrix.example.org
                      user_id: "@afterglow:example.org"
                      access_token: syt_token
                    """), "config.yaml: matrix.allowed_users is needed when Matrix is on",
                    "AFTERGLOW_MATRIX_ALLOWED_USERS");
        }

        @Test
        @DisplayName("Matrix DMs are end-to-end encrypted unless the config says otherwise")
        void matrixEncryptionRequiredByDefault() throws IOException, ConfigException {
            Config config = load("""
                    matrix:
                      homeserver: https://matrix.example.org
                      user_id: "@afterglow:example.org"
                      access_token: t
                      allowed_users: ["@alice:example.org"]
                    """, Map.of("AFTERGLOW_MATRIX_ENCRYPTION", ""));
            assertEquals(MatrixConfig.Encryption.REQUIRED, config.matrix().orElseThrow().encryption());
        }

        @Test
        @DisplayName("Matrix needs exactly one of an access token and a password")
        void matrixLogin() throws IOException {
            String base = """
                    matrix:
                      homeserver: https://matrix.example.org
                      user_id: "@afterglow:example.org"
                      allowed_users: ["@alice:example.org"]
                    """;
            assertContains(error(base), "matrix.access_token is needed");
            assertContains(error(base + "  access_token: a\n  password: b\n"),
                    "config.yaml: matrix.password cannot be used together with matrix.access_token");
        }

        @Test
        @DisplayName("Matrix settings without a homeserver are a slip, not a silent no-op")
        void matrixWithoutHomeserver() throws IOException {
            assertContains(error("matrix:\n  user_id: \"@afterglow:example.org\"\n"),
                    "config.yaml: matrix.user_id only works with matrix.homeserver set");
        }

        @Test
        @DisplayName("Matrix user ids, allowed users and the homeserver URL are checked")
        void matrixValues() throws IOException {
            String base = "matrix:\n  access_token: t\n  allowed_users: [\"@alice:example.org\"]\n";
            assertContains(error(base + "  homeserver: matrix.example.org\n  user_id: \"@a:example.org\"\n"),
                    "matrix.homeserver must be a URL starting with https://");
            assertContains(error(base + "  homeserver: https://m.example.org\n  user_id: afterglow\n"),
                    "matrix.user_id must be a Matrix user id", "(got \"afterglow\")");
            assertContains(error(base + "  homeserver: https://m.example.org\n  user_id: \"@a:example.org\"\n"
                    + "  encryption: maybe\n"), "matrix.encryption must be one of required, preferred or off",
                    "(got \"maybe\")");
            assertContains(error("""
                    matrix:
                      homeserver: https://m.example.org
                      user_id: "@afterglow:example.org"
                      access_token: t
                      allowed_users: [alice]
                    """), "matrix.allowed_users must be a list of user ids", "(got \"alice\")");
        }

        @Test
        @DisplayName("Discord test hooks without a token are refused, and must be URLs of the right kind")
        void discordHooks() throws IOException {
            assertContains(error("discord:\n  rest_base_url: http://localhost:1\n"),
                    "config.yaml: discord.rest_base_url only works with discord.token set");
            assertContains(error("discord:\n  token: t\n  gateway_url: http://localhost:1\n"),
                    "discord.gateway_url must be a URL starting with ws://, wss://");
        }

        @Test
        @DisplayName("discord.shards takes this process's range and the total, from the file or AFTERGLOW_DISCORD_SHARDS, "
                + "and is unset by default")
        void discordShards() throws IOException, ConfigException {
            assertEquals(Optional.of(new DiscordShards(0, 1, 2)),
                    load("discord:\n  token: t\n  shards: \"0-1/2\"\n", Map.of()).discord().orElseThrow().shards());
            assertEquals(Optional.of(new DiscordShards(3, 3, 8)), load("discord:\n  token: t\n",
                    Map.of("AFTERGLOW_DISCORD_SHARDS", "3/8")).discord().orElseThrow().shards());
            assertEquals(Optional.empty(), load("discord:\n  token: t\n", Map.of()).discord().orElseThrow().shards());
        }

        @Test
        @DisplayName("discord.requests_per_second keeps under Discord's 50 by default, and takes a raised limit from "
                + "the file or AFTERGLOW_DISCORD_REQUESTS_PER_SECOND")
        void discordRequestsPerSecond() throws IOException, ConfigException {
            assertEquals(45, load("discord:\n  token: t\n", Map.of()).discord().orElseThrow().requestsPerSecond());
            assertEquals(200, load("discord:\n  token: t\n  requests_per_second: 200\n", Map.of()).discord()
                    .orElseThrow().requestsPerSecond());
            assertEquals(30, load("discord:\n  token: t\n", Map.of("AFTERGLOW_DISCORD_REQUESTS_PER_SECOND", "30"))
                    .discord().orElseThrow().requestsPerSecond());
        }

        @Test
        @DisplayName("A discord.requests_per_second that is no whole number from 1 to 10000 is refused, and needs a token")
        void discordRequestsPerSecondRefused() throws IOException {
            for (String wrong : List.of("0", "-5", "10001", "4.5", "fast")) {
                assertContains(error("discord:\n  token: t\n  requests_per_second: \"" + wrong + "\"\n"),
                        "discord.requests_per_second must be a whole number of requests a second from 1 to 10000");
            }
            assertContains(error("discord:\n  requests_per_second: 45\n"),
                    "discord.requests_per_second only works with discord.token set");
        }

        @Test
        @DisplayName("A discord.shards that is no range of the total is refused with its form, and needs a token")
        void discordShardsRefused() throws IOException {
            for (String wrong : List.of("2", "2/2", "1-0/2", "0-2/2", "0/0", "a-b/c", "-1/2")) {
                assertContains(error("discord:\n  token: t\n  shards: \"" + wrong + "\"\n"),
                        "discord.shards must be this process's shards and the total, like 0-1/2");
            }
            assertContains(error("discord:\n  shards: 0/1\n"), "discord.shards only works with discord.token set");
        }
    }

    @Nested
    @DisplayName("Secrets")
    class Secrets {
        @Test
        @DisplayName("Tokens, keys and passwords never show in toString")
        void secretsAbsentFromToString() throws Exception {
            Config config = load("""
                    data:
                      key: "%s"
                    discord:
                      token: discord-sekrit
                    matrix:
                      homeserver: https://matrix.example.org
                      user_id: "@afterglow:example.org"
                      password: matrix-sekrit
                      allowed_users: ["@alice:example.org"]
                    """.formatted(KEY), Map.of("AFTERGLOW_MATRIX_PASSWORD", "env-sekrit"));

            String text = config.toString();

            assertFalse(text.contains("sekrit"), text);
            assertFalse(text.contains(KEY), text);
            assertContains(text, "******", "@afterglow:example.org");
        }

        @Test
        @DisplayName("GIVEN a data key of 16 or 24 bytes WHEN the config loads THEN it is refused, naming the 32 bytes the "
                + "storage needs, so start-up never fails later on a key the config accepted")
        void onlyA32ByteKeyIsAccepted() throws IOException {
            for (int bytes : new int[]{16, 24}) {
                String key = java.util.Base64.getEncoder().encodeToString(new byte[bytes]);
                String message = error("data:\n  key: " + key + "\n");
                assertContains(message, "config.yaml: data.key must be a base64 AES key of 32 bytes");
                assertFalse(message.contains(key), message);
            }
        }

        @Test
        @DisplayName("A bad key is refused without repeating it")
        void badKeyNotEchoed() throws IOException {
            String message = error("data:\n  key: not-a-real-key\n");

            assertContains(message, "config.yaml: data.key must be a base64 AES key");
            assertFalse(message.contains("not-a-real-key"), message);
        }

        @Test
        @DisplayName("Malformed YAML on a token's line does not quote the line")
        void malformedLineNotEchoed() throws IOException {
            String message = error("discord:\n  token: abc: sekrit\n");

            assertContains(message, "config.yaml: line 2");
            assertFalse(message.contains("sekrit"), message);
        }

        @Test
        @DisplayName("Two secrets with the same value are equal, and print the same stars")
        void secretEquality() {
            assertEquals(Secret.of("a"), Secret.of("a"));
            assertFalse(Secret.of("a").equals(Secret.of("b")));
            assertEquals("******", Secret.of("a").toString());
        }
    }

    @Nested
    @DisplayName("Matrix allowed users")
    class AllowedUsers {
        private final MatrixConfig matrix = new MatrixConfig(URI.create("https://matrix.example.org"),
                "@afterglow:example.org", Optional.of(Secret.of("t")), Optional.empty(),
                List.of("@alice:example.org", "*:friends.example"), Optional.empty(), MatrixConfig.Encryption.REQUIRED);

        @Test
        @DisplayName("A listed user and anyone on a listed server may use the bot")
        void allowed() {
            assertTrue(matrix.allows("@alice:example.org"));
            assertTrue(matrix.allows("@bob:friends.example"));
        }

        @Test
        @DisplayName("Others, and servers that merely end like a listed one, may not")
        void refused() {
            assertFalse(matrix.allows("@mallory:example.org"));
            assertFalse(matrix.allows("@bob:evil-friends.example"));
            assertFalse(matrix.allows("@bob:friends.example.evil.org"));
            assertFalse(matrix.allows("friends.example"));
        }
    }
}
