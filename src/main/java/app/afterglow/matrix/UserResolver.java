package app.afterglow.matrix;

import app.afterglow.core.CommandParser;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the person a command names: a user id ({@code @bob:example.org}), a mention pill, a
 * {@code matrix.to} link, or a bare name on the bot's own server. Only people the host allows can
 * be named, so nothing is ever stored about anyone else; the bot itself resolves as a bot, which
 * the core refuses as a partner.
 */
final class UserResolver {
    private static final Pattern USER_ID = Pattern.compile("@[^:\\s]+:[^:\\s][^\\s]*");
    private static final Pattern LOCALPART = Pattern.compile("[a-z0-9._=\\-/+]+");
    private static final Pattern PERMALINK = Pattern.compile("^https://matrix\\.to/#/((?:@|%40)[^?/\\s]+)$");

    private final String botUserId;
    private final String botServer;
    private final Gatekeeper gate;
    private final Profiles profiles;

    UserResolver(String botUserId, Gatekeeper gate, Profiles profiles) {
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
        this.botServer = botUserId.substring(botUserId.indexOf(':') + 1);
        this.gate = Objects.requireNonNull(gate, "gate");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** A resolver for one message, which knows the pills in it. */
    Function<String, CommandParser.Lookup> forMessage(Map<String, String> pills) {
        return handle -> resolve(handle, pills);
    }

    CommandParser.Lookup resolve(String handle, Map<String, String> pills) {
        String typed = Inert.restore(handle).trim();
        String id = pills.getOrDefault(typed, typed);
        Matcher link = PERMALINK.matcher(id);
        if (link.matches()) {
            id = URLDecoder.decode(link.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        if (LOCALPART.matcher(id).matches()) {
            id = "@" + id + ":" + botServer;
        }
        if (!USER_ID.matcher(id).matches()) {
            return new CommandParser.Lookup.Unknown();
        }
        if (id.equals(botUserId)) {
            return new CommandParser.Lookup.Found(new PlatformUser(Platform.MATRIX, id, "Afterglow", true));
        }
        if (!gate.allows(id)) {
            return new CommandParser.Lookup.NotAllowed();
        }
        try {
            return new CommandParser.Lookup.Found(PlatformUser.human(Platform.MATRIX, id, profiles.name(id)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandParser.Lookup.Found(PlatformUser.human(Platform.MATRIX, id, id));
        }
    }
}
