package app.afterglow.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Matrix, present in {@link Config} exactly when a homeserver is configured. The bot logs in with
 * exactly one of {@code accessToken} and {@code password}.
 *
 * @param homeserver   the homeserver's client-server API base URL, http or https
 * @param userId       the bot's own user id, like {@code @afterglow:example.org}
 * @param accessToken  a ready access token for {@code userId}
 * @param password     a password to log in with, when there is no access token
 * @param allowedUsers who may use the bot: user ids like {@code @alice:example.org} or whole servers
 *                     like {@code *:example.org}; never empty, because a Matrix bot open to every
 *                     server would let strangers start flows
 * @param deviceId     the device to log in as, so a restart keeps the same device; empty lets the
 *                     homeserver choose
 * @param encryption   whether DM rooms are end-to-end encrypted
 */
public record MatrixConfig(URI homeserver, String userId, Optional<Secret> accessToken, Optional<Secret> password,
                           List<String> allowedUsers, Optional<String> deviceId, Encryption encryption) {
    /** End-to-end encryption of DM rooms (Olm and Megolm). */
    public enum Encryption {
        /** Only encrypted DMs: the bot opens encrypted ones and turns unencrypted ones down, saying how to start one. */
        REQUIRED,
        /** Encrypted DMs where the person's client can take them; unencrypted ones are used too. */
        PREFERRED,
        /** No end-to-end encryption: for homeservers or clients without it; encrypted rooms are declined. */
        OFF;

        /** The mode written as in the config file ({@code required}, {@code preferred}, {@code off}), any case. */
        public static Optional<Encryption> named(String name) {
            for (Encryption mode : values()) {
                if (mode.name().equalsIgnoreCase(name)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern USER_ID = Pattern.compile("@[^:\\s]+:[^:\\s][^\\s]*");
    private static final Pattern WHOLE_SERVER = Pattern.compile("\\*:[^:\\s][^\\s]*");

    public MatrixConfig {
        Objects.requireNonNull(homeserver, "homeserver");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(encryption, "encryption");
        allowedUsers = List.copyOf(allowedUsers);
        if (!isUserId(userId)) {
            throw new IllegalArgumentException("not a Matrix user id: " + userId);
        }
        if (accessToken.isPresent() == password.isPresent()) {
            throw new IllegalArgumentException("give exactly one of an access token and a password");
        }
        if (allowedUsers.isEmpty()) {
            throw new IllegalArgumentException("allowed users must not be empty");
        }
        for (String entry : allowedUsers) {
            if (!isAllowedUsersEntry(entry)) {
                throw new IllegalArgumentException("not a user id or *:server: " + entry);
            }
        }
    }

    /** Whether {@code userId} is listed, or belongs to a listed server. Exact, case-sensitive match. */
    public boolean allows(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (!isUserId(userId)) {
            return false;
        }
        String server = userId.substring(userId.indexOf(':') + 1);
        return allowedUsers.stream().anyMatch(entry -> entry.equals(userId)
                || WHOLE_SERVER.matcher(entry).matches() && entry.substring(2).equals(server));
    }

    static boolean isUserId(String text) {
        return USER_ID.matcher(text).matches();
    }

    static boolean isAllowedUsersEntry(String text) {
        return isUserId(text) || WHOLE_SERVER.matcher(text).matches();
    }
}
