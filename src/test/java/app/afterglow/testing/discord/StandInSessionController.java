package app.afterglow.testing.discord;

import net.dv8tion.jda.api.utils.ConcurrentSessionController;

import java.util.Objects;

/**
 * Points JDA's gateway at the stand-in. A single JDA (not a shard manager) asks its session
 * controller for the URL instead of calling {@code gateway/bot}, so the REST base URL alone
 * would still send it to Discord.
 */
final class StandInSessionController extends ConcurrentSessionController {
    private final String gatewayUrl;

    StandInSessionController(String gatewayUrl) {
        this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
    }

    @Override
    public String getGateway() {
        return gatewayUrl;
    }
}
