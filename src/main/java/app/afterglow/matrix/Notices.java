package app.afterglow.matrix;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.PersonId;

/**
 * The few things the Matrix adapter says in its own words: about encryption, about who may use
 * the bot, and about Matrix features it does not read. Nothing here is about anyone's answers.
 */
final class Notices {
    /** Renderers ignore the addressee; these go to a room, not through the outbox. */
    private static final PersonId ROOM = new PersonId(0);

    /** Why a stranger is turned away: the reason on a declined invite, or a notice in a shared room. */
    static final String REFUSAL = "Sorry, this Afterglow bot is private: only the people its host has listed can use it. "
            + "I haven't kept anything you sent.";

    /** The reason on a declined invite to an encrypted room. */
    static final String ENCRYPTED_INVITE = "I can't read end-to-end encrypted rooms, so I've opened an unencrypted "
            + "direct chat with you instead.";

    private Notices() {
    }

    /** Said once in every DM room, before anything else. */
    static Message greeting() {
        return Message.of(ROOM,
                Line.title("Hello, I'm Afterglow"),
                Line.text("Before anything else: this chat is not end-to-end encrypted, so your homeserver can read "
                        + "what is written here. What you tell me is stored encrypted on the machine that runs me, "
                        + "and your partner only ever sees the answers you both chose to share."),
                Line.note("Say ", Segment.command("help"), " to see what I can do."));
    }

    /** Said in the new DM when someone reached out in an encrypted room. */
    static Message movedFromEncrypted() {
        return Message.of(ROOM,
                Line.text("You tried to talk to me in an end-to-end encrypted room. I can't read encrypted messages, "
                        + "so I would have missed everything you wrote there. Let's talk here instead."));
    }

    /** Said in a joined room that turned out to be encrypted, just before the bot leaves it. */
    static Message cannotReadHere() {
        return Message.of(ROOM,
                Line.text("I can't read end-to-end encrypted messages, so I can't see anything written here. "
                        + "I've opened an unencrypted direct chat with you instead, and I'm leaving this room."));
    }

    /** Said in a DM room someone else joined: it is no place for private things any more. */
    static Message noLongerPrivate() {
        return Message.of(ROOM,
                Line.text("Someone else is in this chat now, so I won't send anything private here any more. "
                        + "I'll write to you in a new direct chat."));
    }

    /** A line the core wrote for the room (a command it could not read), said as a notice. */
    static Message aside(Line line) {
        return Message.notice(ROOM, line);
    }

    static Message refusal() {
        return Message.notice(ROOM, Line.text(REFUSAL));
    }

    static Message textOnly() {
        return Message.notice(ROOM, Line.text("I can only read text, so that one didn't reach me. Reply with words or numbers."));
    }

    static Message noEdits() {
        return Message.notice(ROOM, Line.text("I don't follow edits, so your first message stands. To change an answer, "
                + "reply back — or, in the review, edit and its number."));
    }
}
