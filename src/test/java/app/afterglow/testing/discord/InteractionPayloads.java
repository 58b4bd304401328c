package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds INTERACTION_CREATE data the way Discord sends it to a guild-installed bot: in a guild
 * channel with {@code member}, or in the bot's DM with {@code user}. Stateless apart from the
 * read-only facts it takes from {@link StandInState}; safe from any thread.
 */
final class InteractionPayloads {
    static final int TYPE_APPLICATION_COMMAND = 2;
    static final int TYPE_MESSAGE_COMPONENT = 3;
    static final int TYPE_MODAL_SUBMIT = 5;
    private static final int COMPONENT_BUTTON = 2;
    private static final int COMPONENT_STRING_SELECT = 3;
    private static final int COMPONENT_TEXT_INPUT = 4;
    private static final int COMPONENT_LABEL = 18;
    private static final int OPTION_SUB_COMMAND = 1;
    private static final int OPTION_SUB_COMMAND_GROUP = 2;
    private static final int COMMAND_TYPE_CHAT_INPUT = 1;
    private static final String CONTEXT_GUILD = "0";
    private static final String CONTEXT_BOT_DM = "1";
    private static final String GUILD_INSTALL = "0";
    private static final int ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

    private final StandInState state;

    InteractionPayloads(StandInState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * A chat-input command. {@code commandPath} is what the person typed, e.g. {@code "pair"} or
     * {@code "checkin start"}: extra words become a subcommand (and group), as Discord nests them.
     */
    ObjectNode slashCommand(long id, String token, StandInChannel where, StandInUser user, String commandPath,
                            List<SlashOption> options) {
        String[] words = commandPath.trim().split("\\s+");
        if (words.length > 3) {
            throw new IllegalArgumentException("a command path has at most three words: " + commandPath);
        }
        long guildId = where instanceof StandInTextChannel text ? text.guildId() : 0;
        ObjectNode data = Entities.object();
        JsonNode registered = state.command(guildId, words[0]).orElse(null);
        data.put("id", registered != null ? registered.get("id").asText() : Entities.id(state.nextId()));
        data.put("name", words[0]);
        data.put("type", COMMAND_TYPE_CHAT_INPUT);
        if (registered != null && registered.hasNonNull("guild_id")) {
            data.put("guild_id", registered.get("guild_id").asText());
        }
        ArrayNode values = Entities.JSON.createArrayNode();
        ObjectNode resolved = Entities.object();
        for (SlashOption option : options) {
            ObjectNode value = values.addObject();
            value.put("name", option.name());
            value.put("type", option.type());
            value.set("value", option.value());
            option.user().ifPresent(person -> resolve(resolved, person, where));
        }
        data.set("options", nest(words, values));
        if (!resolved.isEmpty()) {
            data.set("resolved", resolved);
        }
        ObjectNode payload = base(id, token, TYPE_APPLICATION_COMMAND, where, user);
        payload.set("data", data);
        return payload;
    }

    ObjectNode buttonClick(long id, String token, StandInChannel where, StandInUser user, ObjectNode message,
                           String customId) {
        ObjectNode payload = base(id, token, TYPE_MESSAGE_COMPONENT, where, user);
        payload.set("message", message);
        payload.putObject("data").put("custom_id", customId).put("component_type", COMPONENT_BUTTON);
        return payload;
    }

    ObjectNode stringSelect(long id, String token, StandInChannel where, StandInUser user, ObjectNode message,
                            String customId, List<String> values) {
        ObjectNode payload = base(id, token, TYPE_MESSAGE_COMPONENT, where, user);
        payload.set("message", message);
        ObjectNode data = payload.putObject("data").put("custom_id", customId)
                .put("component_type", COMPONENT_STRING_SELECT);
        ArrayNode chosen = data.putArray("values");
        values.forEach(chosen::add);
        return payload;
    }

    /**
     * A modal submission; each text input arrives in its own label component (which replaced the
     * action row in Discord's modals, and which JDA 6 reads), in the map's order.
     * {@code message} is the message whose component opened the modal, or null.
     */
    ObjectNode modalSubmit(long id, String token, StandInChannel where, StandInUser user, ObjectNode message,
                           String modalId, Map<String, String> textInputs) {
        ObjectNode payload = base(id, token, TYPE_MODAL_SUBMIT, where, user);
        if (message != null) {
            payload.set("message", message);
        }
        ObjectNode data = payload.putObject("data").put("custom_id", modalId);
        ArrayNode labels = data.putArray("components");
        int[] uniqueId = {1};
        textInputs.forEach((customId, value) -> {
            ObjectNode label = labels.addObject().put("type", COMPONENT_LABEL).put("id", uniqueId[0]++);
            label.putObject("component")
                    .put("type", COMPONENT_TEXT_INPUT)
                    .put("id", uniqueId[0]++)
                    .put("custom_id", customId)
                    .put("value", value);
        });
        return payload;
    }

    private ObjectNode base(long id, String token, int type, StandInChannel where, StandInUser user) {
        ObjectNode payload = Entities.object();
        payload.put("id", Entities.id(id));
        payload.put("application_id", Entities.id(state.applicationId()));
        payload.put("type", type);
        payload.put("token", token);
        payload.put("version", 1);
        payload.put("locale", "en-US");
        payload.put("app_permissions", Long.toString(Entities.EVERYONE_PERMISSIONS));
        payload.put("attachment_size_limit", ATTACHMENT_SIZE_LIMIT);
        payload.putArray("entitlements");
        payload.put("channel_id", Entities.id(where.id()));
        if (where instanceof StandInTextChannel text) {
            payload.put("guild_id", Entities.id(text.guildId()));
            payload.put("guild_locale", "en-US");
            payload.putObject("guild").put("id", Entities.id(text.guildId())).put("locale", "en-US")
                    .putArray("features");
            payload.set("channel", Entities.textChannel(text, state.position(text)));
            payload.set("member", member(user));
            payload.put("context", CONTEXT_GUILD);
            payload.putObject("authorizing_integration_owners").put(GUILD_INSTALL, Entities.id(text.guildId()));
        } else {
            StandInDmChannel dm = (StandInDmChannel) where;
            if (dm.recipient().id() != user.id()) {
                throw new IllegalArgumentException(user.username() + " cannot act in the bot's DM with "
                        + dm.recipient().username());
            }
            // Seen from the person, the other side of a bot DM is the bot.
            payload.set("channel", Entities.dmChannel(dm, state.bot()));
            payload.set("user", Entities.user(user));
            payload.put("context", CONTEXT_BOT_DM);
            // Discord's value for a guild-installed app used in a DM with its bot.
            payload.putObject("authorizing_integration_owners").put(GUILD_INSTALL, "0");
        }
        return payload;
    }

    private ObjectNode member(StandInUser user) {
        ObjectNode member = Entities.member(user, state.clock().instant());
        member.put("permissions", Long.toString(Entities.EVERYONE_PERMISSIONS));
        return member;
    }

    private void resolve(ObjectNode resolved, StandInUser person, StandInChannel where) {
        resolved.withObjectProperty("users").set(person.idString(), Entities.user(person));
        if (where instanceof StandInTextChannel) {
            ObjectNode member = member(person);
            member.remove("user"); // resolved members leave the user to resolved.users
            resolved.withObjectProperty("members").set(person.idString(), member);
        }
    }

    private static ArrayNode nest(String[] words, ArrayNode values) {
        ArrayNode options = values;
        for (int depth = words.length - 1; depth >= 1; depth--) {
            ArrayNode wrapper = Entities.JSON.createArrayNode();
            wrapper.addObject()
                    .put("name", words[depth])
                    .put("type", depth == words.length - 1 ? OPTION_SUB_COMMAND : OPTION_SUB_COMMAND_GROUP)
                    .set("options", options);
            options = wrapper;
        }
        return options;
    }
}
