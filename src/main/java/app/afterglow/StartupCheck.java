package app.afterglow;

import app.afterglow.config.Config;
import app.afterglow.storage.SqliteStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What this start is about to do, said before it does it: which modes run, where the data and
 * its key are, and — when nothing is configured and nobody is typing — that there is nothing to
 * run, rather than a console that reads no line and exits 0 in silence (a Docker container
 * started without a token did exactly that).
 *
 * <p>Its logger is made when the class is first used, so Main must have set the log level by then.
 */
final class StartupCheck {
    private static final Logger log = LoggerFactory.getLogger(StartupCheck.class);
    private static final String KEY_VARIABLE = "AFTERGLOW_DATA_KEY";

    private final Config config;
    private final Optional<Path> configFile;
    private final Map<String, String> env;

    StartupCheck(Config config, Optional<Path> configFile, Map<String, String> env) {
        this.config = Objects.requireNonNull(config, "config");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Whether no platform is configured, so the console chat is all there is to run. */
    boolean consoleOnly() {
        return config.discord().isEmpty() && config.matrix().isEmpty();
    }

    /** Logs the one line that says what runs, over which data, with which key. */
    void announce() {
        log.info("Starting Afterglow: {}; data in {}; data key {}", modes(), dataDir(), keySource());
    }

    private Path dataDir() {
        return config.data().dir().toAbsolutePath().normalize();
    }

    private String modes() {
        List<String> modes = new ArrayList<>();
        config.discord().ifPresent(d -> modes.add("Discord"));
        config.matrix().ifPresent(m -> modes.add("Matrix"));
        return modes.isEmpty() ? "console" : String.join(" and ", modes);
    }

    private String keySource() {
        String variable = env.get(KEY_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return "from " + KEY_VARIABLE;
        }
        if (config.data().key().isPresent()) {
            return "from data.key in " + configFile.map(f -> f.toAbsolutePath().normalize().toString()).orElse("the config");
        }
        return "in " + SqliteStorage.keyFile(dataDir());
    }

    /**
     * Whether standard input ends before its first character. Reads at most one character and puts
     * it back, so the console still gets the whole input; blocks only until the first character
     * or the end, never for a whole line.
     */
    static boolean endsAtOnce(BufferedReader input) throws IOException {
        input.mark(1);
        if (input.read() < 0) {
            return true;
        }
        input.reset();
        return false;
    }

    /** Why nothing runs, and how to make something run. */
    String nothingToRun() {
        String file = configFile.map(f -> "the config file " + f.toAbsolutePath().normalize())
                .orElse("no config file (none was named, and there is no ./config.yaml)");
        return "Nothing to run: no platform is configured (read " + file + " and the AFTERGLOW_ variables), and"
                + " standard input is empty, so there is no console chat either. To run on Discord, set"
                + " AFTERGLOW_DISCORD_TOKEN; on Matrix, set AFTERGLOW_MATRIX_HOMESERVER, AFTERGLOW_MATRIX_USER_ID,"
                + " AFTERGLOW_MATRIX_ACCESS_TOKEN and AFTERGLOW_MATRIX_ALLOWED_USERS (or the discord: and matrix:"
                + " sections of config.yaml, see config.example.yaml). To try the console chat, start it in a terminal"
                + " (docker run -it) or pipe a script into it.";
    }
}
