package app.afterglow.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Discord, present in {@link Config} exactly when a bot token is configured.
 *
 * @param token       the bot token
 * @param restBaseUrl for tests only: the REST API base URL of a stand-in; empty means Discord itself
 * @param gatewayUrl  for tests only: the gateway URL of a stand-in; empty means Discord itself
 * @param shards      the shards this process runs; empty means one connection, unsharded, as
 *                    every bot in fewer than 2,500 servers has
 * @param requestsPerSecond the most requests the bot makes of Discord's API in any one second, interaction
 *                    answers aside: under the 50 Discord allows every bot, unless Discord raised this bot's limit
 */
public record DiscordConfig(Secret token, Optional<URI> restBaseUrl, Optional<URI> gatewayUrl,
                            Optional<DiscordShards> shards, int requestsPerSecond) {
    /** Under Discord's global limit of 50, leaving room for a clock that differs from Discord's. */
    public static final int DEFAULT_REQUESTS_PER_SECOND = 45;
    /** As high as a raised global limit goes; the pace keeps one moment per request of a second. */
    public static final int MAX_REQUESTS_PER_SECOND = 10_000;

    public DiscordConfig {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(restBaseUrl, "restBaseUrl");
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        Objects.requireNonNull(shards, "shards");
        if (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
            throw new IllegalArgumentException("requests a second: " + requestsPerSecond);
        }
    }
}
