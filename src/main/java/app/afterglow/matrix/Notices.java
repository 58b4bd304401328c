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

    /** The reason on a declined invite to a shared room that is encrypted, with encryption on. */
    static final String ENCRYPTED_SHARED = "I only talk one to one, in an encrypted direct chat, so I've opened one "
            + "with you instead of joining this room.";

    /** Said once in every DM room, before anything else: whether the homeserver can read it. */
    static Message greeting(boolean encrypted) {
        Line where = encrypted
                ? Line.text("This chat is end-to-end encrypted: only you and I can read it, not your homeserver. What "
                        + "you tell me is stored encrypted on the machine that runs me, and your partner only ever sees "
                        + "the answers you both chose to share.")
                : Line.text("Before anything else: this chat is not end-to-end encrypted, so your homeserver can read "
                        + "what is written here. What you tell me is stored encrypted on the machine that runs me, "
                        + "and your partner only ever sees the answers you both chose to share.");
        return Message.of(ROOM,
                Line.title("Hello, I'm Afterglow"),
                where,
                Line.note("Say ", Segment.command("help"), " to see what I can do."));
    }

    /** Said, in clear, in an unencrypted room someone wanted as their DM while encryption is required. */
    static Message encryptedOnly() {
        return Message.of(ROOM,
                Line.text("This chat isn't end-to-end encrypted, so I won't read anything written here: what you "
                        + "tell me is too private for your homeserver to see. I've invited you to an encrypted direct "
                        + "chat instead; let's talk there. (To start one yourself, start a direct message with me in "
                        + "Element, which encrypts it by default.)"));
    }

    /** Said in the person's DM when they reached out in a shared encrypted room. */
    static Message movedFromSharedEncrypted() {
        return Message.of(ROOM,
                Line.text("You asked me into a room with other people in it. I only talk one to one, so let's talk "
                        + "here instead."));
    }

    /** Says a reply could not be decrypted: once, after waiting a little for its key. */
    static Message couldNotRead() {
        return Message.notice(ROOM, Line.text("I couldn't read your last message: my device didn't get its keys. "
                + "Could you send it again?"));
    }

    /** The bot's device, for verifying it by hand in the person's client. */
    static Message device(String deviceId, String fingerprint) {
        return Message.of(ROOM,
                Line.title("My device"),
                Line.text("Device id: " + deviceId),
                Line.text("Fingerprint (Ed25519): " + fingerprint),
                Line.note("To verify me by hand, open my profile in your client, find this session and check that "
                        + "both match what it shows. If they don't, stop and ask whoever runs me."));
    }

    /** Answers the device command when end-to-end encryption is off. */
    static Message noDevice() {
        return Message.notice(ROOM, Line.text("End-to-end encryption is off on this bot, so I have no device keys to verify."));
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

    /** Said in a new DM when someone else joined the person's encrypted DM, which the bot then leaves alone. */
    static Message noLongerPrivateMoved() {
        return Message.of(ROOM,
                Line.text("Someone else was invited into our other chat, so I won't write anything there any more — "
                        + "not even to say so, since they could read it. Let's talk here instead."));
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
}
