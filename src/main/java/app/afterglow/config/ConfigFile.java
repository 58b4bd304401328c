package app.afterglow.config;

import java.util.List;

/**
 * The config file's shape, as {@link ConfigBinding} fills it in; a missing section reads as an
 * empty one. Values stay text because environment variables arrive as text: each option is then
 * parsed and checked in one place, with one message, whichever source it came from. Records
 * declare the options, so adding a component here adds the option, its environment variable and
 * its unknown-key check.
 */
record ConfigFile(Data data, Defaults defaults, Checkins checkins, Questions questions, Discord discord,
                  Matrix matrix, Scheduler scheduler, Log log) {
    ConfigFile {
        data = data != null ? data : new Data(null, null, null);
        defaults = defaults != null ? defaults : new Defaults(null, null);
        checkins = checkins != null ? checkins : new Checkins(null, null, null);
        questions = questions != null ? questions : new Questions(null);
        discord = discord != null ? discord : new Discord(null, null, null, null, null);
        matrix = matrix != null ? matrix : new Matrix(null, null, null, null, null, null, null);
        scheduler = scheduler != null ? scheduler : new Scheduler(null);
        log = log != null ? log : new Log(null);
    }

    record Data(String dir, String key, String keepCheckinsDays) {
    }

    record Defaults(String timezone, String quietHours) {
    }

    record Checkins(String expiryHours, String reminderHours, String followupHours) {
    }

    record Questions(String file) {
    }

    record Discord(String token, String restBaseUrl, String gatewayUrl, String shards, String requestsPerSecond) {
    }

    record Matrix(String homeserver, String userId, String accessToken, String password, List<String> allowedUsers,
                  String deviceId, String encryption) {
    }

    record Scheduler(String tickSeconds) {
    }

    record Log(String level) {
    }
}
