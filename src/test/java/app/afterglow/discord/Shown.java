package app.afterglow.discord;

import app.afterglow.testing.discord.StandInMessage;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One state of a message from the bot, as its reader had it in front of them: the text, the
 * controls with their labels, and whether it is in the server channel and seen by them alone.
 */
record Shown(String content, List<Control> controls, boolean ephemeral, boolean inServer) {
    /** Discord snowflakes (people, messages) differ from run to run; everything else in a message must not. */
    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{15,21}");

    /** A button (no choices) or a select menu (its choices). */
    record Control(String customId, String label, List<Choice> choices, int maxValues) {
        boolean menu() {
            return !choices.isEmpty();
        }

        Optional<Choice> choice(String value) {
            return choices.stream().filter(c -> c.value().equals(value)).findFirst();
        }
    }

    record Choice(String label, String value) {
    }

    static Shown of(StandInMessage message, boolean inServer) {
        List<Control> controls = new ArrayList<>();
        for (JsonNode row : message.json().path("components")) {
            for (JsonNode c : row.path("components")) {
                List<Choice> choices = new ArrayList<>();
                c.path("options").forEach(o -> choices.add(new Choice(o.path("label").asText(), o.path("value").asText())));
                String label = c.path("label").asText(c.path("placeholder").asText(""));
                controls.add(new Control(c.path("custom_id").asText(), label, List.copyOf(choices), c.path("max_values").asInt(1)));
            }
        }
        return new Shown(message.content(), List.copyOf(controls), message.ephemeral(), inServer);
    }

    Optional<Control> control(String customId) {
        return controls.stream().filter(c -> c.customId().equals(customId)).findFirst();
    }

    Optional<Control> button(String label) {
        return controls.stream().filter(c -> !c.menu() && c.label().equals(label)).findFirst();
    }

    /** The state as one transcript line: what the reader saw, with run-dependent ids blanked. */
    String line() {
        String where = (inServer ? "[server] " : "") + (ephemeral ? "[only you] " : "");
        String shownControls = controls.stream().map(c -> c.label() + "=" + c.customId()
                        + (c.menu() ? c.choices().stream().map(o -> o.label() + "=" + o.value()).collect(Collectors.joining(",", "{", "}")) : ""))
                .collect(Collectors.joining(" "));
        return SNOWFLAKE.matcher(where + content.replace("\n", "⏎") + " ‖ " + shownControls).replaceAll("<id>");
    }
}
