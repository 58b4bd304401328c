package app.afterglow.testing.matrix;

/**
 * The bot's account on the stand-in: it can log in over HTTP with {@code password}, or skip the
 * login and use {@code accessToken} (device {@code deviceId}) right away.
 */
public record BotAccount(String userId, String password, String accessToken, String deviceId) {
}
