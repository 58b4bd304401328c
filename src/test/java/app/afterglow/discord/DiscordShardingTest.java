package app.afterglow.discord;

import app.afterglow.config.DiscordShards;
import app.afterglow.testing.DiscordTestBot;
import app.afterglow.testing.ScratchDir;
import app.afterglow.testing.discord.GatewayFrame;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInGuild;
import app.afterglow.testing.discord.StandInUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A bot in more servers than one connection may serve, sharded as Discord requires. */
@Timeout(90)
class DiscordShardingTest {
    private final Path dir = ScratchDir.create("afterglow-shards");
    private DiscordTestBot bot;

    @AfterEach
    void close() {
        try {
            if (bot != null) {
                bot.close();
            }
        } finally {
            ScratchDir.delete(dir);
        }
    }

    @Test
    @DisplayName("GIVEN discord.shards 0-1/2 WHEN the bot starts THEN both shards identify as such, each gets its own "
            + "servers, and a command in a server on either shard is answered, as is one in a DM")
    void twoShardsBothAnswer() {
        bot = DiscordTestBot.start(dir, Optional.of(new DiscordShards(0, 1, 2)));
        StandInGuild away = bot.standIn().addGuildOnShard(1, 2, "Away", "lounge");
        bot.standIn().awaitCall(call -> call.is("PUT", "applications/\\d+/guilds/" + away.id() + "/commands")
                && call.status() == 200, DiscordTestBot.TIMEOUT);
        StandInUser alice = bot.person("alice");
        StandInUser bob = bot.person("bob");

        SentInteraction home = bot.slash(bot.general(), alice, "help");
        SentInteraction elsewhere = bot.slash(away.textChannel("lounge"), bob, "partner invite",
                SlashOption.user("person", alice));
        SentInteraction direct = bot.slash(bot.dm(alice), alice, "help");

        bot.awaitReply(home, "Afterglow");
        bot.awaitReply(elsewhere, "I've invited alice");
        bot.awaitReply(direct, "Afterglow");
        bot.awaitDm(alice, "would like to be check-in partners");
        assertEquals(List.of(0, 1), bot.standIn().shards());
        List<String> identified = bot.standIn().gatewayFrames().stream().filter(f -> f.op() == GatewayFrame.IDENTIFY)
                .map(f -> f.data().path("shard").toString()).sorted().toList();
        assertEquals(List.of("[0,2]", "[1,2]"), identified);
    }
}
