package app.afterglow.matrix;

import app.afterglow.core.util.SafeLog;
import app.afterglow.matrix.e2ee.Decryption;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hands each part of a sync batch to whoever deals with it: keys, messages (decrypted first when
 * they come encrypted), encryption, membership changes in DM rooms, invites, rooms left. A failure that may pass (the homeserver busy or away)
 * is thrown, so the whole batch is tried again from the same sync position — everything here is
 * safe to repeat. Any other failure is logged for its one event, which is then skipped, so one bad
 * event cannot stop the bot. Called from the sync thread only.
 */
final class EventRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    private final String botUserId;
    private final MatrixApi api;
    private final Gatekeeper gate;
    private final DirectRooms dms;
    private final MessageHandler messages;
    private final EncryptedRooms encrypted;
    private final Invites invites;
    private final Profiles profiles;
    private final Backfill backfill;
    private final Replies replies;
    private final RoomEncryption encryption;
    private final UnreadEvents unread;
    private final RoomMembers members;
    private final UnansweredSends unanswered;
    private final OnScreen onScreen;
    /** Rooms joined on the first start, whose history from before the join is left alone. */
    private final Set<String> joinedOnFirstSync = new HashSet<>();

    EventRouter(String botUserId, MatrixApi api, Gatekeeper gate, DirectRooms dms, MessageHandler messages,
                EncryptedRooms encrypted, Invites invites, Profiles profiles, Backfill backfill, Replies replies,
                RoomEncryption encryption, UnreadEvents unread, UnansweredSends unanswered, RoomMembers members,
                OnScreen onScreen) {
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
        this.api = Objects.requireNonNull(api, "api");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.encrypted = Objects.requireNonNull(encrypted, "encrypted");
        this.invites = Objects.requireNonNull(invites, "invites");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.backfill = Objects.requireNonNull(backfill, "backfill");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
        this.unread = Objects.requireNonNull(unread, "unread");
        this.unanswered = Objects.requireNonNull(unanswered, "unanswered");
        this.members = Objects.requireNonNull(members, "members");
        this.onScreen = Objects.requireNonNull(onScreen, "onScreen");
    }

    /**
     * What a sync answer says about keys, taken before its rooms: room keys that came over Olm, and
     * encrypted events that were waiting for them, which are read now. Nothing with encryption off.
     */
    void keys(JsonNode sync) throws InterruptedException {
        if (!encryption.on()) {
            return;
        }
        for (String roomId : encryption.e2ee().onSync(sync)) {
            unread.retry(roomId, this::readLate);
        }
    }

    /** Asks people whose messages still wait for keys to send them again, once the wait is over. */
    void askForUnread() throws InterruptedException {
        if (encryption.on()) {
            unread.askAgain();
        }
    }

    /**
     * The first sync of a bot with no sync position: what is already in the rooms is history, and
     * answering it would surprise people, so only invites waiting for the bot are dealt with.
     */
    void firstSync(SyncBatch batch) throws InterruptedException {
        for (SyncBatch.Invite invite : batch.invites()) {
            joinedOnFirstSync.add(invite.roomId());
            guarded(invite.roomId(), () -> invites.handle(invite));
        }
    }

    /** Everything that happened since the sync position {@code since}. */
    void handle(SyncBatch batch, String since) throws InterruptedException {
        // First, so a reply in this batch to a message whose send went unanswered is read against that message.
        batch.sentTxnIds().forEach(unanswered::echoed);
        for (SyncBatch.JoinedRoom room : batch.joined()) {
            for (RoomEvent event : room.state()) {
                if (event.isMembership()) {
                    learnName(event);
                    membersChanged(room.roomId());
                } else if (event.type().equals("m.room.encryption")) {
                    guarded(event.eventId(), () -> encryptionOn(event, Optional.of(event.content())));
                }
            }
            SyncBatch.Stretch stretch = events(room, since);
            List<RoomEvent> events = stretch.events();
            Map<String, Integer> places = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                places.put(events.get(i).eventId(), i);
            }
            Deque<SyncBatch.Echo> echoes = new ArrayDeque<>(stretch.echoes());
            for (int i = 0; i < events.size(); i++) {
                // The bot's messages that came before this one in the room: what the person saw as they wrote it.
                while (!echoes.isEmpty() && place(echoes.peek(), places, events.size()) <= i) {
                    onScreen.echoed(room.roomId(), echoes.poll());
                }
                RoomEvent event = events.get(i);
                guarded(event.eventId(), () -> route(event));
            }
            echoes.forEach(echo -> onScreen.echoed(room.roomId(), echo));
        }
        for (SyncBatch.Invite invite : batch.invites()) {
            guarded(invite.roomId(), () -> invites.handle(invite));
        }
        batch.left().forEach(dms::forget);
    }

    /**
     * Where {@code echo} stands among the events acted on: at the one it came before, at the start
     * if that one is not acted on (it came before the bot's join, so before all of them), or after
     * them all.
     */
    private static int place(SyncBatch.Echo echo, Map<String, Integer> places, int end) {
        return echo.before().map(id -> places.getOrDefault(id, 0)).orElse(end);
    }

    /**
     * The events of a room to act on. A room the bot just joined brings history from before it was
     * there: in a DM that is what the person wrote to it (Element creates a DM with its first
     * message), so it counts; in a shared room it was said to others, and a DM waiting at the first
     * start is old history, so there only what follows the join counts. Otherwise a gap left by a
     * long absence is filled first.
     */
    private SyncBatch.Stretch events(SyncBatch.JoinedRoom room, String since) throws InterruptedException {
        if (room.joinedAt().isPresent()) {
            boolean firstStart = joinedOnFirstSync.remove(room.roomId());
            return room.stretch(dms.owner(room.roomId()).isPresent() && !firstStart ? room.timeline() : room.sinceJoin());
        }
        return backfill.missing(room, since).then(room.stretch(room.timeline()));
    }

    private void route(RoomEvent event) throws InterruptedException {
        switch (event.type()) {
            case "m.room.message" -> messages.handle(event, onScreen.now(event.roomId()));
            case "m.room.encrypted" -> encryptedEvent(event);
            case "m.room.encryption" -> encryptionOn(event, Optional.of(event.content()));
            case "m.room.member" -> membership(event);
            case "m.room.redaction" -> redaction(event);
            default -> {
            }
        }
    }

    /**
     * Someone deleted a message in their DM. One of theirs may have been an answer, which the core
     * takes back if its check-in is not sent yet, saying what deleting did; one still waiting for its
     * key is never read. Tidying away one of the bot's messages (a DM's owner may) asks for no word.
     */
    private void redaction(RoomEvent event) throws InterruptedException {
        String deleted = event.content().path("redacts").asText("");
        if (deleted.isEmpty()) {
            return;
        }
        // Deleted while its key was on the way: what it said is not to be read once the key comes.
        unread.deleted(event.roomId(), deleted);
        if (!gate.allows(event.sender()) || !dms.isPrivateWith(event.roomId(), event.sender())
                || sentByBot(event.roomId(), deleted)) {
            return;
        }
        messages.deleted(event, deleted);
    }

    /** Whether the bot sent {@code eventId}; when the homeserver cannot say, it did not. */
    private boolean sentByBot(String roomId, String eventId) throws InterruptedException {
        try {
            return api.sender(roomId, eventId).filter(botUserId::equals).isPresent();
        } catch (MatrixException e) {
            return false;
        }
    }

    private void encryptionOn(RoomEvent event, Optional<JsonNode> content) throws InterruptedException {
        if (encryption.on()) {
            // Kept whoever turned it on: the bot must never write in clear there.
            content.ifPresent(c -> encryption.turnedOn(event.roomId(), c));
        }
        if (gate.allows(event.sender())) {
            encrypted.found(event.roomId(), event.sender(), content);
        }
    }

    private void encryptedEvent(RoomEvent event) throws InterruptedException {
        if (!encryption.on()) {
            encryptionOn(event, Optional.empty());
            return;
        }
        Optional<String> shown = onScreen.now(event.roomId());
        switch (read(event, shown)) {
            // Only words the person wrote anew: a refused copy of an old message is not them writing again.
            case READ -> unread.readInRoom(event.roomId());
            case KEY_MISSING -> {
                if (gate.allows(event.sender())) {
                    encryption.e2ee().claim(event.roomId(), event.eventId(), event.sender(), event.content());
                    unread.park(event, shown);
                }
            }
            case REFUSED -> {
            }
        }
    }

    /** An encrypted event that waited for its key; whether it is done with (read or refused). */
    private boolean readLate(RoomEvent event, Optional<String> shown) throws InterruptedException {
        try {
            return read(event, shown) != Reading.KEY_MISSING;
        } catch (MatrixException e) {
            if (e.isTransient() || e.isUnknownToken()) {
                throw e;
            }
            LOG.warn("skipped {}: {}", event.eventId(), e.getMessage());
            return true;
        }
    }

    /** What became of an encrypted event: read (as the person's message), refused, or waiting for its key. */
    private enum Reading { READ, REFUSED, KEY_MISSING }

    /** Decrypts and handles an encrypted event, a typed reply to {@code shown} if that is known. */
    private Reading read(RoomEvent event, Optional<String> shown) throws InterruptedException {
        Decryption decryption = encryption.e2ee().decrypt(event.roomId(), event.eventId(), event.sender(), event.content());
        if (decryption instanceof Decryption.MissingKey) {
            return Reading.KEY_MISSING;
        }
        if (decryption instanceof Decryption.Rejected rejected) {
            LOG.warn("dropped an encrypted event in room {}: {}", event.roomId(), rejected.reason());
            return Reading.REFUSED;
        }
        Decryption.Decrypted decrypted = (Decryption.Decrypted) decryption;
        if (!gate.allows(event.sender())) {
            // A stranger in an encrypted room gets no answer: one would share the room's key with all of them.
            return Reading.REFUSED;
        }
        // Only messages count inside encryption: state and membership are read from the room itself.
        if (decrypted.type().equals("m.room.message") && encrypted.found(event.roomId(), event.sender(), Optional.empty())) {
            JsonNode content = decrypted.content();
            Optional<UnreadEvents.Taken> first = TextInput.isEdit(content)
                    ? TextInput.edited(content).flatMap(id -> unread.replaced(event.roomId(), id, event.sender()))
                    : Optional.empty();
            if (first.isPresent() && readableInPlace(first.get(), content)) {
                // Edited before its key came: the new words are read in its place, as a reply to the
                // step on screen when it came; its first words, no longer what the person means, never are.
                messages.handle(new RoomEvent(event.roomId(), first.get().event().eventId(), decrypted.type(),
                        event.sender(), Optional.empty(), content.path("m.new_content")), first.get().shown());
            } else {
                messages.handle(new RoomEvent(event.roomId(), event.eventId(), decrypted.type(), event.sender(),
                        Optional.empty(), content), shown);
            }
        }
        return Reading.READ;
    }

    /**
     * Whether an edit's new words can stand for the message {@code first} it edits, unread for want
     * of its key: they must be text, and the message must name nothing it answers beside its
     * ciphertext, since a reply or thread inside it, which would win, cannot be read.
     */
    private static boolean readableInPlace(UnreadEvents.Taken first, JsonNode edit) {
        return TextInput.isText(edit.path("m.new_content")) && !first.event().content().has("m.relates_to");
    }

    /** Keeps a DM private: when its person leaves, the bot does too; when anyone else comes in, it stops using it. */
    private void membership(RoomEvent event) throws InterruptedException {
        learnName(event);
        membersChanged(event.roomId());
        String member = event.stateKey().orElseThrow();
        Optional<String> owner = dms.owner(event.roomId());
        if (member.equals(botUserId) || owner.isEmpty()) {
            return;
        }
        String membership = event.membership();
        if (member.equals(owner.get()) && (membership.equals("leave") || membership.equals("ban"))) {
            dms.forget(event.roomId());
            api.leave(event.roomId(), Optional.empty());
        } else if (!member.equals(owner.get()) && (membership.equals("join") || membership.equals("invite"))) {
            dms.forget(event.roomId());
            if (encryption.on() && encryption.isEncrypted(event.roomId())) {
                // Saying it there would share a room key with the newcomer: it is said in a new DM instead.
                String dm = dms.roomFor(owner.get());
                replies.say(dm, TxnIds.encryption(event.roomId(), dm), Notices.noLongerPrivateMoved());
            } else {
                replies.send(event.roomId(), event.eventId(), List.of(Notices.noLongerPrivate()));
            }
        }
    }

    /** Someone joined, left or was invited: the room is looked at again, and its next message gets a new key. */
    private void membersChanged(String roomId) {
        members.changed(roomId);
        dms.membershipChanged(roomId);
        if (encryption.on()) {
            encryption.e2ee().membersChanged(roomId);
        }
    }

    private void learnName(RoomEvent event) {
        if (event.isMembership() && event.membership().equals("join")) {
            profiles.learn(event.stateKey().orElseThrow(), event.content().path("displayname").asText(""));
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    private void guarded(String what, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (MatrixException e) {
            if (e.isTransient() || e.isUnknownToken()) {
                throw e;
            }
            LOG.warn("skipped {}: {}", what, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("skipped {} after a failure: {}", what, SafeLog.describe(e, MatrixException::codeOf));
        }
    }
}
