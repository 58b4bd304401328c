package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Objects;
import java.util.Optional;

/**
 * A value a person filled into a slash command option. User options also make the stand-in add
 * the user (and, in a guild, the member) to the interaction's {@code resolved} data, as Discord does.
 */
public final class SlashOption {
    private static final int STRING = 3;
    private static final int INTEGER = 4;
    private static final int BOOLEAN = 5;
    private static final int USER = 6;

    private final String name;
    private final int type;
    private final JsonNode value;
    private final StandInUser user;

    private SlashOption(String name, int type, JsonNode value, StandInUser user) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.value = value;
        this.user = user;
    }

    public static SlashOption string(String name, String value) {
        return new SlashOption(name, STRING, TextNode.valueOf(Objects.requireNonNull(value, "value")), null);
    }

    public static SlashOption integer(String name, long value) {
        return new SlashOption(name, INTEGER, LongNode.valueOf(value), null);
    }

    public static SlashOption bool(String name, boolean value) {
        return new SlashOption(name, BOOLEAN, BooleanNode.valueOf(value), null);
    }

    public static SlashOption user(String name, StandInUser user) {
        Objects.requireNonNull(user, "user");
        return new SlashOption(name, USER, TextNode.valueOf(user.idString()), user);
    }

    String name() {
        return name;
    }

    int type() {
        return type;
    }

    JsonNode value() {
        return value;
    }

    Optional<StandInUser> user() {
        return Optional.ofNullable(user);
    }
}
