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
 */
public record DiscordConfig(Secret token, Optional<URI> restBaseUrl, Optional<URI> gatewayUrl,
                            Optional<DiscordShards> shards) {
    public DiscordConfig {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(restBaseUrl, "restBaseUrl");
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        Objects.requireNonNull(shards, "shards");
    }
}
