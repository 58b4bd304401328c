package app.afterglow.matrix;

import app.afterglow.core.Afterglow;
import app.afterglow.core.CommandParser;
import app.afterglow.core.Context;
import app.afterglow.core.Input;
import app.afterglow.core.Outcome;
import app.afterglow.core.Request;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code m.room.message} from a person. In their DM room anything they write goes to the
 * core; in a shared room only {@code !afterglow} commands do, and the core sends everything but a
 * pointer to the DM. A reply made with the client's reply feature is handed over bound to the step
 * it quotes ({@link QuotedSteps}). {@code !afterglow device} shows the bot's device
 * for verifying it. Strangers get one refusal and reach nothing. Each event is handled once by
 * the core (its event id is the key), with its replies queued in the outbox.
 */
final class MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);
    /** The adapter's own command: the bot's device, to verify by hand. It is about Matrix, so the core never sees it. */
    private static final String DEVICE = "device";

    private final Afterglow afterglow;
    private final Gatekeeper gate;
    private final DirectRooms dms;
    private final Profiles profiles;
    private final UserResolver resolver;
    private final Replies replies;
    private final MatrixState state;
    private final RoomEncryption encryption;
    private final QuotedSteps quotes;

    MessageHandler(Afterglow afterglow, Gatekeeper gate, DirectRooms dms, Profiles profiles, UserResolver resolver,
                   Replies replies, MatrixState state, RoomEncryption encryption, QuotedSteps quotes) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.state = Objects.requireNonNull(state, "state");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
        this.quotes = Objects.requireNonNull(quotes, "quotes");
    }

    /**
     * A message that is a reply to the check-in step {@code shown} unless it says itself what it
     * replies to: the step before it in the room ({@link OnScreen}), so one the bot's next question
     * overtook, or one read late (its key came late), answers what was on screen when it was written.
     */
    void handle(RoomEvent event, Optional<String> shown) throws InterruptedException {
        JsonNode content = event.content();
        if (content.isEmpty()) {
            // Deleted before the bot read it: nothing of what the person wrote is left, nor meant to be.
            return;
        }
        if (content.path("msgtype").asText().equals("m.notice")) {
            // Notices come from bots; answering them could start two bots talking forever.
            return;
        }
        String sender = event.sender();
        String roomId = event.roomId();
        String text = TextInput.text(content);
        Optional<String> command = TextInput.isText(content) ? TextInput.command(text) : Optional.empty();
        if (!gate.allows(sender)) {
            if (command.isPresent() && gate.firstRefusal(sender)) {
                replies.send(roomId, event.eventId(), List.of(Notices.refusal()));
                LOG.info("refused a command in room {} from someone not allowed", roomId);
            }
            return;
        }
        boolean inDm = dms.isPrivateWith(roomId, sender);
        if (!inDm && dms.turnedAway(roomId, sender)) {
            return;
        }
        if (inDm) {
            dms.greet(roomId);
        }
        if (TextInput.isEdit(content)) {
            Optional<String> edited = TextInput.edited(content);
            JsonNode now = content.path("m.new_content");
            if (!inDm || edited.isEmpty()) {
                return;
            }
            if (!TextInput.isText(now)) {
                replies.send(roomId, event.eventId(), List.of(Notices.textOnly()));
                return;
            }
            PlatformUser actor = PlatformUser.human(Platform.MATRIX, sender, profiles.name(sender));
            Outcome outcome = afterglow.handle(Request.queued(actor, Context.PRIVATE,
                    new Input.Revise(edited.get(), TextInput.text(now)), event.eventId()));
            answer(roomId, event.eventId(), sender, outcome);
            return;
        }
        if (!TextInput.isText(content)) {
            if (inDm) {
                replies.send(roomId, event.eventId(), List.of(Notices.textOnly()));
            }
            return;
        }
        if (command.isEmpty() && !inDm) {
            return;
        }
        PlatformUser actor = PlatformUser.human(Platform.MATRIX, sender, profiles.name(sender));
        Context context = inDm ? Context.PRIVATE : Context.SHARED_PUBLIC;
        if (command.isEmpty()) {
            Optional<String> target = TextInput.inReplyTo(content);
            Optional<String> quoted = target.isEmpty() ? Optional.empty() : quotes.quotedBy(roomId, target.get());
            Optional<String> replyingTo = quoted.or(() -> shown);
            Outcome said = afterglow.handle(Request.queued(actor, context,
                    new Input.Say(text, replyingTo, Optional.of(event.eventId())), event.eventId()));
            answer(roomId, event.eventId(), sender, said);
            return;
        }
        if (command.get().trim().equalsIgnoreCase(DEVICE)) {
            replies.send(roomId, event.eventId(), List.of(encryption.on()
                    ? Notices.device(encryption.e2ee().deviceId(), encryption.e2ee().fingerprint())
                    : Notices.noDevice()));
            return;
        }
        CommandParser.Result parsed = CommandParser.parseLooking(command.get(), resolver.forMessage(TextInput.pills(content)));
        if (parsed.command().isEmpty()) {
            replies.send(roomId, event.eventId(), List.of(Notices.aside(parsed.problem().orElseThrow())));
            return;
        }
        Outcome outcome = afterglow.handle(Request.queued(actor, context, new Input.Run(parsed.command().get()),
                event.eventId()));
        answer(roomId, event.eventId(), sender, outcome);
    }

    /**
     * The person deleted their message {@code deleted} in their DM, with {@code redaction}: an answer
     * it gave to a check-in they have not sent is taken back, and the core says what deleting did.
     */
    void deleted(RoomEvent redaction, String deleted) throws InterruptedException {
        String sender = redaction.sender();
        PlatformUser actor = PlatformUser.human(Platform.MATRIX, sender, profiles.name(sender));
        Outcome outcome = afterglow.handle(Request.queued(actor, Context.PRIVATE, new Input.Retract(deleted),
                redaction.eventId()));
        answer(redaction.roomId(), redaction.eventId(), sender, outcome);
    }

    private void answer(String roomId, String eventId, String sender, Outcome outcome) throws InterruptedException {
        replies.send(roomId, eventId, outcome.here());
        if (outcome.erased()) {
            // Erased in the core; the adapter's link to their room goes too, and the keys that read it.
            String dm = state.dmRoom(sender).orElse(roomId);
            dms.forgetPerson(sender);
            if (encryption.on()) {
                encryption.e2ee().forget(sender, dm);
                state.unread(dm, List.of());
            }
        }
    }
}
