package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON shapes of Discord objects, with exactly the fields JDA (6) insists on when it parses
 * them (it throws on a missing required key, so trimming these breaks login or interactions).
 */
final class Entities {
    /** Shared and never reconfigured after this line, so safe to use from every thread. */
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What everyone may do in the stand-in's guilds: view channels, read history, send, embed,
     * attach, react and use commands. Enough that JDA's local permission checks never refuse the bot.
     */
    static final long EVERYONE_PERMISSIONS = (1L << 6) | (1L << 10) | (1L << 11) | (1L << 14) | (1L << 15)
            | (1L << 16) | (1L << 31);

    static final int CHANNEL_TYPE_TEXT = 0;
    static final int CHANNEL_TYPE_DM = 1;

    private Entities() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    static String id(long snowflake) {
        return Long.toUnsignedString(snowflake);
    }

    static ObjectNode user(StandInUser user) {
        ObjectNode json = object();
        json.put("id", user.idString());
        json.put("username", user.username());
        json.putNull("global_name");
        json.put("discriminator", "0");
        json.putNull("avatar");
        json.put("bot", user.bot());
        json.put("system", false);
        json.put("public_flags", 0);
        return json;
    }

    /** The bot's own user, as users/@me and READY give it. */
    static ObjectNode selfUser(StandInUser bot) {
        ObjectNode json = user(bot);
        json.put("verified", true);
        json.put("mfa_enabled", false);
        json.put("flags", 0);
        return json;
    }

    static ObjectNode textChannel(StandInTextChannel channel, int position) {
        ObjectNode json = object();
        json.put("id", id(channel.id()));
        json.put("type", CHANNEL_TYPE_TEXT);
        json.put("guild_id", id(channel.guildId()));
        json.put("name", channel.name());
        json.put("position", position);
        json.putArray("permission_overwrites");
        json.put("nsfw", false);
        json.putNull("parent_id");
        json.putNull("topic");
        json.putNull("last_message_id");
        json.put("rate_limit_per_user", 0);
        return json;
    }

    /** A DM channel object listing {@code shownRecipient}: REST shows the person, interactions show the bot. */
    static ObjectNode dmChannel(StandInDmChannel channel, StandInUser shownRecipient) {
        ObjectNode json = object();
        json.put("id", id(channel.id()));
        json.put("type", CHANNEL_TYPE_DM);
        json.putNull("last_message_id");
        json.put("flags", 0);
        json.putArray("recipients").add(user(shownRecipient));
        return json;
    }

    static ObjectNode member(StandInUser user, Instant joinedAt) {
        ObjectNode json = object();
        json.set("user", user(user));
        json.putArray("roles");
        json.putNull("nick");
        json.putNull("avatar");
        json.put("joined_at", timestamp(joinedAt));
        json.putNull("premium_since");
        json.putNull("communication_disabled_until");
        json.put("deaf", false);
        json.put("mute", false);
        json.put("pending", false);
        json.put("flags", 0);
        return json;
    }

    /** GUILD_CREATE data; the bot is the only listed member, as JDA needs its own member to finish setup. */
    static ObjectNode guildCreate(StandInGuild guild, StandInUser bot, Instant joinedAt) {
        ObjectNode json = object();
        json.put("id", id(guild.id()));
        json.put("name", guild.name());
        json.putNull("icon");
        json.putNull("description");
        json.put("owner_id", bot.idString());
        json.put("unavailable", false);
        json.put("large", false);
        json.put("member_count", 1);
        json.put("joined_at", timestamp(joinedAt));
        json.put("preferred_locale", "en-US");
        json.put("verification_level", 0);
        json.put("default_message_notifications", 0);
        json.put("explicit_content_filter", 0);
        json.put("mfa_level", 0);
        json.put("afk_timeout", 300); // JDA accepts only Discord's choices (60, 300, …), not 0
        json.put("nsfw_level", 0);
        json.put("premium_tier", 0);
        json.put("premium_progress_bar_enabled", false);
        json.putArray("features");
        json.putArray("roles").add(everyoneRole(guild));
        ArrayNode channels = json.putArray("channels");
        for (int position = 0; position < guild.textChannels().size(); position++) {
            channels.add(textChannel(guild.textChannels().get(position), position));
        }
        json.putArray("members").add(member(bot, joinedAt));
        json.putArray("threads");
        json.putArray("guild_scheduled_events");
        json.putArray("emojis");
        json.putArray("stickers");
        json.putArray("voice_states");
        json.putArray("presences");
        json.putArray("stage_instances");
        return json;
    }

    /** Discord gives every guild a role whose id is the guild's id: @everyone. */
    private static ObjectNode everyoneRole(StandInGuild guild) {
        ObjectNode json = object();
        json.put("id", id(guild.id()));
        json.put("name", "@everyone");
        json.put("color", 0);
        // Discord's role colours (primary, and the secondary and tertiary of a gradient); JDA 6
        // requires the object.
        ObjectNode colors = json.putObject("colors");
        colors.put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        json.put("hoist", false);
        json.put("position", 0);
        json.put("permissions", Long.toString(EVERYONE_PERMISSIONS));
        json.put("managed", false);
        json.put("mentionable", false);
        json.put("flags", 0);
        return json;
    }

    /** Discord's error body, e.g. {@code {"code": 50007, "message": "Cannot send messages to this user"}}. */
    static ObjectNode error(int code, String message) {
        ObjectNode json = object();
        json.put("code", code);
        json.put("message", message);
        return json;
    }
}
