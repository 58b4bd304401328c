package app.afterglow.discord;

import app.afterglow.core.Afterglow;
import app.afterglow.core.CoreSettings;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.testing.DiscordPair;
import app.afterglow.testing.DiscordTestBot;
import app.afterglow.testing.ScratchDir;
import app.afterglow.testing.TestBot;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.RecordedCall;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.StandInGuild;
import app.afterglow.testing.discord.StandInUser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands the bot registers, checked against Discord's documented limits rather than JDA's. */
@Timeout(60)
class CommandRegistrationTest {
    // https://discord.com/developers/docs/interactions/application-commands
    private static final Pattern NAME = Pattern.compile("^[-_'\\p{L}\\p{N}\\p{IsDevanagari}\\p{IsThai}]{1,32}$");
    private static final int MAX_DESCRIPTION = 100;
    private static final int MAX_OPTIONS = 25;
    private static final int MAX_CHOICES = 25;
    private static final int MAX_CHOICE_NAME = 100;
    private static final int MAX_CHOICE_VALUE = 100;
    private static final int MAX_COMBINED = 4000;
    private static final int MAX_CHAT_COMMANDS = 100;
    private static final int SUB_COMMAND = 1;
    private static final int SUB_COMMAND_GROUP = 2;

    @RegisterExtension
    final DiscordPair discord = new DiscordPair();

    @Test
    @DisplayName("GIVEN the bot starting in a server WHEN it registers its commands globally and for the server "
            + "THEN every payload is within Discord's limits, DM-only globally and server-only per server")
    void registrationPayloadsAreValid() {
        DiscordTestBot bot = discord.bot();
        JsonNode global = last(bot, "applications/\\d+/commands").body();
        JsonNode guild = last(bot, "applications/\\d+/guilds/" + bot.guild().id() + "/commands").body();

        for (JsonNode commands : List.of(global, guild)) {
            List<String> problems = new ArrayList<>();
            assertTrue(commands.isArray() && commands.size() <= MAX_CHAT_COMMANDS);
            checkSiblings(commands, "", problems);
            for (JsonNode command : commands) {
                assertEquals(1, command.path("type").asInt(1), "a chat command");
                checkOptions(command.path("options"), command.path("name").asText(), 0, problems);
                int combined = combinedLength(command);
                if (combined > MAX_COMBINED) {
                    problems.add(command.path("name").asText() + " has " + combined + " combined characters");
                }
                assertEquals(List.of("0"), texts(command.path("integration_types")), "installed to servers");
            }
            assertEquals(List.of(), problems);
        }
        assertEquals(Set.of(List.of("1")), contexts(global), "global commands are for the bot's DM");
        assertEquals(Set.of(List.of("0")), contexts(guild), "server commands are for the server");
        assertEquals(names(global), names(guild));
        assertEquals(Set.of("partner", "session", "checkin", "prefs", "history", "settings", "mydata", "help"),
                new HashSet<>(names(global)));
    }

    @Test
    @DisplayName("GIVEN a running bot WHEN it joins another server THEN its commands are registered there at once")
    void serverJoinedLaterGetsTheCommands() {
        DiscordTestBot bot = discord.bot();
        StandInGuild later = bot.standIn().addGuild("Later", "lounge");

        RecordedCall registered = bot.standIn().awaitCall(call -> call.is("PUT",
                "applications/\\d+/guilds/" + later.id() + "/commands") && call.status() == 200, DiscordTestBot.TIMEOUT);

        assertEquals(names(last(bot, "applications/\\d+/commands").body()), names(registered.body()));
    }

    @Test
    @DisplayName("GIVEN the bot just ready WHEN a person asks for help at once and the bot joins another server "
            + "THEN the answer and the new server's commands come first, and the start's registrations only once "
            + "the bot has waited after being ready")
    @SuppressWarnings("try") // the bot runs for the test's length; the test talks to it through the stand-in
    void startRegistrationsWaitForTheFirstAnswers() throws Exception {
        Duration afterStart = Duration.ofSeconds(3);
        try (ScratchDir.Scoped dir = ScratchDir.scoped("afterglow-registration");
             DiscordStandIn standIn = DiscordStandIn.start();
             SqliteStorage storage = SqliteStorage.open(dir.path(), Optional.empty())) {
            StandInGuild home = standIn.addGuild("Home", "general");
            StandInUser ann = standIn.addUser("ann");
            Afterglow core = new Afterglow(storage.stores(), TestBot.catalog(), CoreSettings.defaults(), Clock.systemUTC());
            CountDownLatch ready = new CountDownLatch(1);
            long[] readyAt = new long[1];
            try (DiscordBot bot = DiscordBot.start(DiscordTestBot.config(standIn, standIn.token()), core, afterStart,
                    invite -> {
                        readyAt[0] = System.nanoTime();
                        ready.countDown();
                    })) {
                assertTrue(ready.await(DiscordTestBot.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the bot connected");

                SentInteraction help = standIn.slashCommand(standIn.dmChannel(ann), ann, "help");
                standIn.awaitCall(call -> call.is("POST", "interactions/" + help.id() + "/.+/callback"),
                        DiscordTestBot.TIMEOUT);
                StandInGuild later = standIn.addGuild("Later", "lounge");
                standIn.awaitCall(call -> call.is("PUT", "applications/\\d+/guilds/" + later.id() + "/commands"),
                        DiscordTestBot.TIMEOUT);
                assertEquals(0, standIn.callsTo("applications/\\d+/commands").size(), "nothing global yet");
                assertEquals(0, standIn.callsTo("applications/\\d+/guilds/" + home.id() + "/commands").size(),
                        "nothing for the server it started in yet");

                standIn.awaitCall(call -> call.is("PUT", "applications/\\d+/commands") && call.status() == 200,
                        DiscordTestBot.TIMEOUT);
                standIn.awaitCall(call -> call.is("PUT", "applications/\\d+/guilds/" + home.id() + "/commands")
                        && call.status() == 200, DiscordTestBot.TIMEOUT);
                // The wait begins as the bot hears it is ready, a moment before onReady is told.
                long waited = System.nanoTime() - readyAt[0];
                assertTrue(waited >= afterStart.minusMillis(200).toNanos(), "registered after " + waited / 1_000_000 + " ms");
            }
        }
    }

    @Test
    @DisplayName("GIVEN the bot connected WHEN it announces itself THEN its invite asks for the bot and commands "
            + "scopes and no permission at all")
    void inviteAsksForNoPermissions() {
        DiscordTestBot bot = discord.bot();
        assertEquals("https://discord.com/oauth2/authorize?client_id=" + bot.standIn().applicationId()
                + "&scope=bot+applications.commands&permissions=0", bot.inviteUrl());
    }

    private static RecordedCall last(DiscordTestBot bot, String path) {
        List<RecordedCall> calls = bot.standIn().callsTo(path).stream().filter(c -> c.method().equals("PUT")).toList();
        assertTrue(!calls.isEmpty(), "nothing registered at " + path);
        return calls.get(calls.size() - 1);
    }

    private static void checkOptions(JsonNode options, String where, int depth, List<String> problems) {
        if (options.size() > MAX_OPTIONS) {
            problems.add(where + " has " + options.size() + " options");
        }
        checkSiblings(options, where + " ", problems);
        boolean optionalSeen = false;
        for (JsonNode option : options) {
            String path = where + " " + option.path("name").asText();
            int type = option.path("type").asInt();
            if (type == SUB_COMMAND || type == SUB_COMMAND_GROUP) {
                if (depth >= (type == SUB_COMMAND_GROUP ? 1 : 2)) {
                    problems.add(path + " is nested too deep");
                }
                checkOptions(option.path("options"), path, depth + 1, problems);
                continue;
            }
            boolean required = option.path("required").asBoolean(false);
            if (required && optionalSeen) {
                problems.add(path + " is required after an optional option");
            }
            optionalSeen |= !required;
            JsonNode choices = option.path("choices");
            if (choices.size() > MAX_CHOICES) {
                problems.add(path + " has " + choices.size() + " choices");
            }
            for (JsonNode choice : choices) {
                String name = choice.path("name").asText();
                if (name.isEmpty() || name.length() > MAX_CHOICE_NAME) {
                    problems.add(path + " choice name '" + name + "'");
                }
                if (choice.path("value").isTextual() && choice.path("value").asText().length() > MAX_CHOICE_VALUE) {
                    problems.add(path + " choice value of " + choice.path("value").asText().length());
                }
            }
        }
    }

    /** Names and descriptions of one level: valid, lower case, and unique among siblings. */
    private static void checkSiblings(JsonNode items, String where, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (JsonNode item : items) {
            String name = item.path("name").asText();
            String description = item.path("description").asText();
            if (!NAME.matcher(name).matches() || !name.equals(name.toLowerCase(Locale.ROOT))) {
                problems.add(where + name + ": name not allowed");
            }
            if (description.isEmpty() || description.length() > MAX_DESCRIPTION) {
                problems.add(where + name + ": description of " + description.length() + " characters");
            }
            if (!seen.add(name)) {
                problems.add(where + name + ": name used twice");
            }
        }
    }

    /** What Discord counts against the combined limit: names, descriptions and choice values, all the way down. */
    private static int combinedLength(JsonNode node) {
        int total = node.path("name").asText().length() + node.path("description").asText().length();
        if (node.has("value")) {
            total += node.path("value").asText().length();
        }
        for (JsonNode child : node.path("options")) {
            total += combinedLength(child);
        }
        for (JsonNode choice : node.path("choices")) {
            total += combinedLength(choice);
        }
        return total;
    }

    private static Set<List<String>> contexts(JsonNode commands) {
        Set<List<String>> all = new HashSet<>();
        commands.forEach(c -> all.add(texts(c.path("contexts"))));
        return all;
    }

    private static List<String> names(JsonNode commands) {
        List<String> names = new ArrayList<>();
        commands.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
