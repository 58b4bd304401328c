package app.afterglow.core.messages;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;

/**
 * What the person whose action queued a message is told when it can never be delivered. It names
 * only the recipient and what they or the host can do — never what the message said, so nothing
 * of anyone's answers, needs or preferences travels with it.
 */
final class Undelivered {
    private Undelivered() {
    }

    /** The notice for {@code to} about a message for {@code recipient} that {@code how} ended. */
    static Message notice(PersonId to, String recipient, Platform platform, Messenger.Delivery how) {
        Line what = switch (how.result()) {
            case UNREACHABLE -> Line.text("I couldn't reach ", Segment.person(recipient), " in a direct message: "
                    + unreachableHint(platform));
            case REFUSED -> Line.text(name(platform) + " refused a message I had for ", Segment.person(recipient),
                    ", so I've stopped trying. Whoever runs this bot can look up code " + how.code() + " in its log.");
            case RETRY -> Line.text("For " + Dispatcher.GIVE_UP_AFTER.toDays() + " days I couldn't get a message through "
                    + "to ", Segment.person(recipient), ", so I've stopped trying. Whoever runs this bot can look up code "
                    + how.code() + " in its log.");
            case DELIVERED -> throw new IllegalArgumentException("a delivered message needs no notice");
        };
        return Message.of(to, what, Line.note("Nothing you wrote was lost; only that one message didn't arrive."));
    }

    private static String unreachableHint(Platform platform) {
        return switch (platform) {
            case DISCORD -> "they may need to allow direct messages from this server's members (in the server's "
                    + "Privacy Settings).";
            case MATRIX -> "they may need to accept my invitation to a direct chat, or ask whoever runs this bot to "
                    + "allow them.";
            case CONSOLE -> "they may need to open a conversation with me.";
        };
    }

    private static String name(Platform platform) {
        return switch (platform) {
            case DISCORD -> "Discord";
            case MATRIX -> "The Matrix homeserver";
            case CONSOLE -> "The console";
        };
    }
}
