package app.afterglow.discord;

import java.util.List;
import java.util.OptionalInt;

/**
 * One thing done in a {@link DiscordRepliesModelTest} run, written down so that the run can be
 * replayed in a fresh bot: a slash command, a click, a pick in a menu, an answer form opened or
 * sent, an interaction Discord delivers again, or time passing. Messages are named as their
 * reader knows them (their n-th message from the bot, in its m-th state), never by Discord ids,
 * which differ from run to run.
 */
sealed interface Act {
    /** Unique within a script; an act a variant adds gets one of its own. */
    int id();

    /** Who acts; empty for time passing and for Discord delivering something again. */
    default String actor() {
        return "";
    }

    /** A message as {@code person} saw it: their {@code ordinal}-th message from the bot, in its {@code version}-th state. */
    record Seen(String person, int ordinal, int version) {
        @Override
        public String toString() {
            return person + "#" + ordinal + "v" + version;
        }
    }

    /** {@code value} names a person when {@code person} holds. */
    record Option(String name, String value, boolean person) {
    }

    record Slash(int id, String actor, boolean inServer, String command, List<Option> options) implements Act {
        @Override
        public String toString() {
            return actor + " runs /" + command + options.stream().map(o -> " " + o.name() + ":" + o.value()).reduce("", String::concat)
                    + (inServer ? " in the server" : " in their DM");
        }
    }

    /**
     * A button click with {@code customId}, taken from {@code source}, sent from the actor's own
     * message {@code carrier} (their ordinal): the source itself, or, for an id copied from
     * somewhere else, whatever message of theirs the click comes from.
     */
    record Press(int id, String actor, int carrier, Seen source, String customId) implements Act {
        @Override
        public String toString() {
            return actor + " clicks " + customId + " from " + source + " on their #" + carrier;
        }
    }

    /** A pick of {@code values} in the select menu {@code customId}; as {@link Press} otherwise. */
    record Pick(int id, String actor, int carrier, Seen source, String customId, List<String> values) implements Act {
        @Override
        public String toString() {
            return actor + " picks " + values + " in " + customId + " from " + source + " on their #" + carrier;
        }
    }

    /** The actor clicks the "Answer" button {@code customId} on {@code source}, their own message, and the form opens. */
    record OpenForm(int id, String actor, Seen source, String customId) implements Act {
        @Override
        public String toString() {
            return actor + " opens the form " + customId + " on " + source;
        }
    }

    /**
     * The form opened by act {@code form} sent with {@code text}, from the actor's own message
     * {@code carrier}, or from the server channel when there is none. The actor may be someone
     * other than whoever opened it: a copied form.
     */
    record SendForm(int id, String actor, OptionalInt carrier, int form, String text) implements Act {
        @Override
        public String toString() {
            return actor + " sends form #" + form + " with \"" + text + "\""
                    + (carrier.isPresent() ? " from their #" + carrier.getAsInt() : " in the server");
        }
    }

    /** Discord delivers the interaction of act {@code of} once more, with the same id. */
    record Redeliver(int id, int of) implements Act {
        @Override
        public String toString() {
            return "Discord delivers act " + of + " again";
        }
    }

    /** The bot's clock moves on by {@code hours}; what falls due runs and is delivered. */
    record Wait(int id, int hours) implements Act {
        @Override
        public String toString() {
            return hours + " h pass";
        }
    }
}
