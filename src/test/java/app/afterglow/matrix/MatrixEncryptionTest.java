package app.afterglow.matrix;

import app.afterglow.config.MatrixConfig;
import app.afterglow.core.util.Digest;
import app.afterglow.matrix.crypto.AttachmentCipher;
import app.afterglow.testing.Await;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.RawFiles;
import app.afterglow.testing.matrix.E2eeDevice;
import app.afterglow.testing.matrix.MessageContents;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import app.afterglow.testing.matrix.StoredMedia;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static app.afterglow.testing.matrix.MessageContents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bot in end-to-end encrypted DMs, as Element makes them by default, against the stand-in.
 * The people's devices encrypt with libolm (python3-olm), not with the bot's code, so every
 * passing exchange is one the bot's Olm and Megolm had to get right on the wire.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MatrixEncryptionTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String HELP = "Every answer stays private unless you both choose to share it";

    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted().encryption(MatrixConfig.Encryption.REQUIRED);
    MatrixStandIn standIn;
    E2eeDevice alice;
    E2eeDevice bob;

    @BeforeEach
    void devices() throws InterruptedException {
        standIn = matrix.standIn();
        alice = standIn.enroll("@alice:local", "ALICEPHONE");
        bob = standIn.enroll("@bob:local", "BOBLAPTOP");
        matrix.bot().start();
    }

    @Test
    @DisplayName("GIVEN Alice and Bob in encrypted DMs WHEN they become partners and go through an aftercare "
            + "check-in, the bot restarting half-way THEN each gets exactly the shared answers, and the homeserver never holds a "
            + "readable word: no plaintext event in their rooms, no answer in any event or to-device message")
    void wholeAftercareInEncryptedDmsAcrossARestart() throws Exception {
        List<String> rooms = partnersInEncryptedDms();
        String aliceRoom = rooms.get(0);
        String bobRoom = rooms.get(1);

        alice.sendEncrypted(aliceRoom, "!afterglow checkin after");
        fromBot(alice, aliceRoom, "1 of 7");
        fromBot(bob, bobRoom, "1 of 7");
        say(alice, aliceRoom, "7", "1 2", "skip");

        matrix.bot().close();
        matrix.bot(matrix.config()).start();

        say(alice, aliceRoom, "the slow start", "skip", "skip", "skip", "share 4", "submit");
        say(bob, bobRoom, "8", "skip", "skip", "holding you after", "skip", "skip", "skip", "share 4", "share 1", "submit");
        String toAlice = body(fromBot(alice, aliceRoom, "what you both shared"));
        String toBob = body(fromBot(bob, bobRoom, "what you both shared"));
        assertTrue(toAlice.contains("You: the slow start") && toAlice.contains("Bob: holding you after"), toAlice);
        assertTrue(toBob.contains("You: holding you after") && toBob.contains("Alice: the slow start"), toBob);
        assertFalse(toAlice.contains("8 of 10"), "Bob's feeling score was shared by him alone: " + toAlice);

        for (String room : List.of(aliceRoom, bobRoom)) {
            assertEquals(Set.of(), standIn.timeline(room).stream()
                    .filter(e -> e.path("type").asText().equals("m.room.message"))
                    .map(e -> e.path("sender").asText()).collect(Collectors.toSet()),
                    "no plaintext message in an encrypted room, from anyone");
        }
        String everything = standIn.allRoomEventsJson() + "\n" + standIn.toDeviceJson();
        for (String words : List.of("the slow start", "holding you after", "would like to be check-in partners",
                "what you both shared", "checkin after")) {
            assertFalse(everything.contains(words), "readable on the homeserver: " + words);
        }
    }

    @Test
    @DisplayName("GIVEN Alice's message whose room key comes late WHEN the bot has waited THEN it asks her once to send "
            + "it again, and when the key arrives it answers the message once, nothing lost")
    void lateKeyGetsOneGentleQuestionAndOneAnswer() throws Exception {
        String room = openDm(alice);
        E2eeDevice.HeldKey held = alice.sendEncryptedWithLateKey(room, text("!afterglow help"));
        fromBot(alice, room, "couldn't read your last message");

        held.release();
        fromBot(alice, room, HELP);
        alice.sendEncryptedAndAwaitReply(room, "!afterglow settings", WAIT);
        assertEquals(1, countFromBot(alice, room, HELP), "answered once");
        assertEquals(1, countFromBot(alice, room, "couldn't read your last message"), "asked once");
    }

    @Test
    @DisplayName("GIVEN a message the bot already answered WHEN the same Megolm ciphertext is posted again as a new event "
            + "THEN the replayed message index is refused and nothing is answered twice")
    void replayedMegolmMessageIsRefused() throws Exception {
        String room = openDm(alice);
        String first = alice.sendEncrypted(room, "!afterglow help");
        fromBot(alice, room, HELP);

        alice.replay(room, first);
        alice.sendEncryptedAndAwaitReply(room, "!afterglow settings", WAIT);
        assertEquals(1, countFromBot(alice, room, HELP), "the replay was not answered");
    }

    @Test
    @DisplayName("GIVEN Alice's message whose key did not come, which the bot asked her to send again and gave up on "
            + "when she wrote on WHEN the same ciphertext is posted again as a new event and the key then comes THEN the "
            + "copy is refused as a replay: the message it copies is never answered")
    void replayOfAMessageGivenUpOnIsRefusedWhenItsKeyComes() throws Exception {
        String room = openDm(alice);
        E2eeDevice.HeldKey held = alice.sendEncryptedWithLateKey(room, text("!afterglow help"));
        fromBot(alice, room, "couldn't read your last message");
        alice.sendEncryptedAndAwaitReply(room, "!afterglow settings", WAIT);

        alice.replay(room, held.eventId());
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        held.release();
        alice.sendEncryptedAndAwaitReply(room, "!afterglow settings", WAIT);
        assertEquals(0, countFromBot(alice, room, HELP), "the copy was read as a new message");
    }

    @Test
    @DisplayName("GIVEN Alice's message waiting for its key, which the bot asked her to send again WHEN a copy of an "
            + "earlier message of hers is posted again THEN the refused copy is not her writing again: the waiting "
            + "message is still answered when its key comes")
    void refusedReplayDoesNotGiveUpOnAMessageWaitingForItsKey() throws Exception {
        String room = openDm(alice);
        String answered = alice.sendEncrypted(room, "!afterglow help");
        fromBot(alice, room, HELP);
        E2eeDevice.HeldKey held = alice.sendEncryptedWithLateKey(room, text("!afterglow settings timezone Europe/Lisbon"));
        fromBot(alice, room, "couldn't read your last message");

        alice.replay(room, answered);
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        held.release();
        fromBot(alice, room, "Europe/Lisbon");
        assertEquals(1, countFromBot(alice, room, HELP), "the copy was not answered");
    }

    @Test
    @DisplayName("GIVEN Alice's DM WHEN she adds a second device THEN the bot's next message is under a new room key "
            + "that both her devices can read")
    void newDeviceRotatesTheRoomKeyAndReadsOn() throws Exception {
        String room = openDm(alice);
        String before = lastSessionFromBot(room);

        E2eeDevice tablet = standIn.enroll("@alice:local", "ALICETABLET");
        alice.sendEncrypted(room, "!afterglow help");
        fromBot(alice, room, HELP);
        tablet.awaitDecrypted(room, d -> body(d.content()).contains(HELP), WAIT);
        assertNotEquals(before, lastSessionFromBot(room), "a device change rotates the room key");
    }

    @Test
    @DisplayName("GIVEN Alice's encrypted DM WHEN she invites Carol into it THEN the bot stops writing there, tells "
            + "Alice in a new encrypted DM, and no room key of the bot's ever reaches Carol; once Carol has left and "
            + "Alice writes there again, the bot answers under a new room key")
    void someoneJoiningTheDmGetsNoKey() throws Exception {
        E2eeDevice carol = standIn.enroll(standIn.register("@carol:local", "Carol").userId(), "CAROLPHONE");
        String room = openDm(alice);
        alice.person().invite(room, carol.userId());
        carol.join(room);

        String newDm = joinInvite(alice);
        fromBot(alice, newDm, "end-to-end encrypted");
        alice.sendEncryptedAndAwaitReply(newDm, "!afterglow help", WAIT);
        assertTrue(standIn.toDeviceJson().stream()
                        .noneMatch(m -> m.path("recipient").asText().equals(carol.userId())),
                "no key for Carol: " + standIn.toDeviceJson());

        String before = lastSessionFromBot(room);
        carol.person().leave(room);
        alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);
        assertNotEquals(before, lastSessionFromBot(room), "a membership change rotates the room key");
        assertTrue(standIn.toDeviceJson().stream()
                .noneMatch(m -> m.path("recipient").asText().equals(carol.userId())), "still no key for Carol");
    }

    @Test
    @DisplayName("GIVEN Alice's encrypted DM WHEN the bot answers her five times THEN it does not ask the homeserver "
            + "again who is in the room: one round trip a message, not two")
    void membersAreNotAskedForBeforeEveryMessage() throws Exception {
        String room = settledDm(alice);
        long asked = membersAsked(room);

        for (int i = 0; i < 5; i++) {
            alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);
        }

        assertEquals(asked, membersAsked(room), "members asked for while answering");
    }

    @Test
    @DisplayName("GIVEN the bot knows who is in Alice's DM WHEN a membership event comes there (she takes a nickname) "
            + "THEN it asks again before its next message, which she reads")
    void aMembershipEventHasTheMembersAskedForAgain() throws Exception {
        String room = settledDm(alice);
        long asked = membersAsked(room);

        alice.person().renameIn(room, "Ali");
        alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);

        assertEquals(asked + 1, membersAsked(room));
    }

    @Test
    @DisplayName("GIVEN required encryption WHEN Alice opens an unencrypted DM THEN the bot reads nothing there, says "
            + "how to talk encrypted, and invites her to an encrypted DM where it works")
    void unencryptedDmIsTurnedDownPolitely() throws Exception {
        String plain = alice.person().createDirectRoom(MatrixTestBot.BOT);
        alice.person().awaitMessage(m -> body(m).contains("isn't end-to-end encrypted"), WAIT);

        String encrypted = joinInvite(alice);
        fromBot(alice, encrypted, "end-to-end encrypted");
        assertTrue(alice.sendEncryptedAndAwaitReply(encrypted, "!afterglow help", WAIT).path("body").asText()
                .contains(HELP));
        assertTrue(standIn.timeline(plain).stream().noneMatch(e -> e.path("content").path("body").asText()
                .contains(HELP)), "nothing answered in the unencrypted room");
    }

    @Test
    @DisplayName("GIVEN an encrypted DM WHEN Alice asks for the bot's device THEN she gets its device id and the "
            + "Ed25519 fingerprint the homeserver publishes for it")
    void deviceCommandShowsTheFingerprintToVerify() throws Exception {
        String room = openDm(alice);
        String shown = alice.sendEncryptedAndAwaitReply(room, "!afterglow device", WAIT).path("body").asText();

        JsonNode keys = standIn.toDeviceJson().get(0);
        String deviceId = keys.path("sender_device").asText();
        String ed25519 = standIn.deviceKeys(MatrixTestBot.BOT, deviceId).orElseThrow()
                .path("keys").path("ed25519:" + deviceId).asText();
        assertTrue(shown.contains(deviceId), shown);
        assertTrue(shown.replace(" ", "").contains(ed25519), shown);
    }

    @Test
    @DisplayName("GIVEN Alice at question 1 of an aftercare check-in WHEN her answer's key comes late, after she "
            + "has already skipped on to question 2 THEN the late answer is refused as one for an earlier step, never "
            + "filed under question 2")
    void lateAnswerNeverLandsOnALaterQuestion() throws Exception {
        String aliceRoom = partnersInEncryptedDms().get(0);
        alice.sendEncrypted(aliceRoom, "!afterglow checkin after");
        fromBot(alice, aliceRoom, "1 of 7");

        E2eeDevice.HeldKey held = alice.sendEncryptedWithLateKey(aliceRoom, text("9"));
        assertTrue(body(alice.sendEncryptedAndAwaitReply(aliceRoom, "skip", WAIT)).contains("2 of 7"));
        held.release();
        fromBot(alice, aliceRoom, "moved on since");
        fromBot(alice, aliceRoom, "2 of 7");
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);

        assertTrue(body(alice.sendEncryptedAndAwaitReply(aliceRoom, "skip", WAIT)).contains("3 of 7"),
                "question 2 was still waiting for her");
    }

    @Test
    @DisplayName("GIVEN Alice's answer to the question on screen waiting for its room key WHEN she deletes it and the "
            + "key comes after THEN it is never read: she hears that deleting changed nothing, and the question still "
            + "waits for her")
    void answerDeletedBeforeItsKeyCameIsNeverRead() throws Exception {
        String aliceRoom = aliceAtQuestionFour();

        E2eeDevice.HeldKey held = alice.sendEncryptedWithLateKey(aliceRoom, text("TAKEN-BACK"));
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        alice.person().redact(aliceRoom, held.eventId());
        fromBot(alice, aliceRoom, "changes nothing I keep");
        held.release();
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);

        assertTrue(body(alice.sendEncryptedAndAwaitReply(aliceRoom, "kept words", WAIT)).contains("5 of 7"),
                "question 4 was still waiting for her");
        say(alice, aliceRoom, "skip", "skip", "skip");
        String review = body(fromBot(alice, aliceRoom, "your answers before you send them"));
        assertTrue(review.contains("kept words") && !review.contains("TAKEN-BACK"), review);
    }

    @Test
    @DisplayName("GIVEN Alice's answer to question 4 waiting for its room key WHEN she edits it before the key comes "
            + "THEN the edit's words answer question 4 in its place, its first words are never read, not even once the "
            + "key comes, and deleting that message later takes the answer back; one written at question 5 and edited "
            + "once she is at question 6 is told it was for an earlier step; one that replied to a question beside its "
            + "ciphertext is not guessed about: editing it changes nothing")
    void answerEditedBeforeItsKeyCameIsReadAsItsNewWords() throws Exception {
        String aliceRoom = aliceAtQuestionFour();

        E2eeDevice.HeldKey edited = alice.sendEncryptedWithLateKey(aliceRoom, text("FIRST-THOUGHT"));
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        alice.sendEncrypted(aliceRoom, MessageContents.edit(edited.eventId(), "SECOND-THOUGHT"));
        fromBot(alice, aliceRoom, "5 of 7");
        String fifth = latestFromBot(alice, aliceRoom, "5 of 7");
        edited.release();
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);

        E2eeDevice.HeldKey late = alice.sendEncryptedWithLateKey(aliceRoom, text("LATE-FIRST"));
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertTrue(body(alice.sendEncryptedAndAwaitReply(aliceRoom, "skip", WAIT)).contains("6 of 7"));
        alice.sendEncrypted(aliceRoom, MessageContents.edit(late.eventId(), "LATE-SECOND"));
        assertTrue(body(fromBot(alice, aliceRoom, "moved on since")).contains("LATE-SECOND"),
                "read as a reply to question 5, where it was written, not to question 6 on screen now");
        late.release();
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);

        ObjectNode replying = text("REPLIED-FIRST");
        replying.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", fifth);
        E2eeDevice.HeldKey reply = alice.sendEncryptedWithLateKey(aliceRoom, replying);
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        alice.sendEncrypted(aliceRoom, MessageContents.edit(reply.eventId(), "REPLIED-SECOND"));
        fromBot(alice, aliceRoom, "Editing that message changes nothing");
        reply.release();
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);

        say(alice, aliceRoom, "skip", "skip");
        String review = body(fromBot(alice, aliceRoom, "your answers before you send them"));
        assertTrue(review.contains("SECOND-THOUGHT") && !review.contains("FIRST-THOUGHT") && !review.contains("REPLIED")
                && !review.contains("LATE-"), review);
        assertTrue(review.indexOf("SECOND-THOUGHT") < review.indexOf("5."), "filed under question 4: " + review);

        alice.person().redact(aliceRoom, edited.eventId());
        Await.until(WAIT, "the review shown again", () -> countFromBot(alice, aliceRoom, "your answers before you send them") == 2);
        String after = alice.decryptedEvents(aliceRoom).stream()
                .filter(d -> d.sender().equals(MatrixTestBot.BOT) && body(d.content()).contains("your answers before you send them"))
                .reduce((first, last) -> last).map(d -> body(d.content())).orElseThrow();
        assertFalse(after.contains("THOUGHT"), "deleting the edited message took its answer back: " + after);
    }

    @Test
    @DisplayName("GIVEN Alice at question 5 of an aftercare check-in in her encrypted DM WHEN she replies to question "
            + "4 with her client's reply feature, the relation beside the ciphertext as Element sends it, or edits her "
            + "answer to it THEN neither is filed under question 5: the reply is told it was for an earlier step and "
            + "gets its words back, the edit changes her answer to question 4; and a reply whose relation inside the "
            + "ciphertext names question 5 answers it, whatever relation the homeserver shows beside; deleting an "
            + "answer's message takes that answer back, and she is told so, encrypted")
    void encryptedReplyAndEditAreReadFromBesideTheCiphertext() throws Exception {
        String aliceRoom = aliceAtQuestionFour();
        String fourth = latestFromBot(alice, aliceRoom, "4 of 7");
        String answer = alice.sendEncrypted(aliceRoom, "first words");
        fromBot(alice, aliceRoom, "5 of 7");

        ObjectNode reply = text("REPLIED-TO-FOUR");
        reply.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", fourth);
        alice.sendEncrypted(aliceRoom, reply);
        assertTrue(body(fromBot(alice, aliceRoom, "moved on since")).contains("REPLIED-TO-FOUR"));
        alice.sendEncrypted(aliceRoom, MessageContents.edit(answer, "EDITED-WORDS"));
        assertTrue(body(fromBot(alice, aliceRoom, "changed it to match")).contains("question 4 of"), "told, encrypted, what editing did");
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);

        // The relation beside the ciphertext rewritten to question 4: the one the sender's key vouches for wins.
        String fifth = latestFromBot(alice, aliceRoom, "5 of 7");
        ObjectNode toFifth = text("fifth words");
        toFifth.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", fifth);
        ObjectNode rewritten = JsonNodeFactory.instance.objectNode();
        rewritten.putObject("m.in_reply_to").put("event_id", fourth);
        alice.sendEncryptedWithRelationRewritten(aliceRoom, toFifth, rewritten);
        fromBot(alice, aliceRoom, "6 of 7");
        say(alice, aliceRoom, "skip", "skip");
        String review = body(fromBot(alice, aliceRoom, "your answers before you send them"));
        assertTrue(review.contains("EDITED-WORDS") && review.contains("fifth words"), review);
        assertFalse(review.contains("REPLIED-TO-FOUR") || review.contains("first words"), review);
        assertTrue(standIn.timeline(aliceRoom).stream().filter(e -> e.path("sender").asText().equals("@alice:local"))
                .anyMatch(e -> e.path("content").has("m.relates_to")), "Alice's client put relations beside the ciphertext");

        alice.person().redact(aliceRoom, answer);
        assertTrue(body(fromBot(alice, aliceRoom, "taken it back")).contains("question 4 of"),
                "told, encrypted, what deleting did");
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        say(alice, aliceRoom, "private all");
        String after = latestFromBot(alice, aliceRoom, "your answers before you send them");
        String reviewed = body(alice.decryptedEvents(aliceRoom).stream().filter(d -> d.eventId().equals(after))
                .findFirst().orElseThrow().content());
        assertFalse(reviewed.contains("EDITED-WORDS"), reviewed);
        assertTrue(reviewed.contains("fifth words"), reviewed);
    }

    @Test
    @DisplayName("GIVEN Alice in an encrypted DM WHEN she asks for her data THEN the file is uploaded encrypted: the "
            + "homeserver holds only ciphertext, and the key in her encrypted message opens it")
    void exportIsAnEncryptedAttachment() throws Exception {
        String room = openDm(alice);
        alice.sendEncrypted(room, "!afterglow settings timezone Europe/Lisbon");
        fromBot(alice, room, "Europe/Lisbon");
        alice.sendEncrypted(room, "!afterglow mydata export");

        JsonNode file = alice.awaitDecrypted(room, d -> d.content().path("msgtype").asText().equals("m.file"), WAIT)
                .content().path("file");
        StoredMedia upload = standIn.media(file.path("url").asText()).orElseThrow();
        assertFalse(upload.text().contains("Europe/Lisbon") || upload.text().contains("@alice:local"),
                "the homeserver's copy is not readable");
        assertEquals("application/octet-stream", upload.contentType());
        String opened = new String(AttachmentCipher.decrypt(upload.data(), file.path("key").path("k").asText(),
                file.path("iv").asText(), file.path("hashes").path("sha256").asText()), StandardCharsets.UTF_8);
        assertTrue(opened.contains("Europe/Lisbon"), opened);
    }

    @Test
    @DisplayName("GIVEN Alice has talked with the bot encrypted WHEN she erases her data THEN her devices, the Olm "
            + "sessions with them and her room's keys are gone from the database, and her id with them")
    void erasureDropsHerKeysAndSessions() throws Exception {
        String room = openDm(alice);
        alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);
        alice.sendEncryptedWithLateKey(room, text("!afterglow settings"));
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertTrue(e2eeRows("matrix.e2ee.claimed") > 0, "a message waiting for its key claimed its index");
        assertTrue(e2eeRows() > 0, "there were keys to forget");

        alice.sendEncrypted(room, "!afterglow mydata delete confirm");
        fromBot(alice, room, "Everything I kept about you is erased");
        standIn.awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        matrix.bot().stop();

        assertEquals(0, e2eeRows(), "no device, session or room key of hers is left");
        assertFalse(RawFiles.contain(matrix.dir(), "@alice:local"), "no trace of her id");
        assertFalse(RawFiles.contain(matrix.dir(), Digest.of(alice.curve25519Key())), "not even a key for her device");
    }

    @Test
    @DisplayName("GIVEN a DM whose encryption settings ask for a new key every 2 messages WHEN the bot answers "
            + "several times THEN no room key of its carries more than 2 messages, and Alice reads them all")
    void roomRotationPeriodInMessagesIsKept() throws Exception {
        String room = openDm(alice);
        alice.person().setEncryption(room, JsonNodeFactory.instance.objectNode()
                .put("algorithm", E2eeDevice.MEGOLM).put("rotation_period_msgs", 2));
        int before = botEvents(room).size();
        for (int i = 0; i < 3; i++) {
            alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);
        }

        Map<String, Long> perSession = botEvents(room).subList(before, botEvents(room).size()).stream()
                .collect(Collectors.groupingBy(e -> e.path("content").path("session_id").asText(), Collectors.counting()));
        assertTrue(perSession.size() >= 2, perSession.toString());
        assertTrue(perSession.values().stream().allMatch(n -> n <= 2), perSession.toString());
        assertEquals(3, countFromBot(alice, room, HELP), "every message still readable");
    }

    @Test
    @DisplayName("GIVEN a DM whose encryption settings ask for a new key after a millisecond WHEN the bot answers "
            + "twice THEN each answer comes under a key of its own")
    void roomRotationPeriodInTimeIsKept() throws Exception {
        String room = openDm(alice);
        alice.person().setEncryption(room, JsonNodeFactory.instance.objectNode()
                .put("algorithm", E2eeDevice.MEGOLM).put("rotation_period_ms", 1));
        alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);
        String first = lastSessionFromBot(room);
        alice.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);

        assertNotEquals(first, lastSessionFromBot(room));
    }

    @Test
    @DisplayName("GIVEN one of Alice's devices has no one-time key or fallback key left to claim WHEN the bot writes "
            + "to her, twice THEN her other device reads both, and the bot goes on working")
    void deviceWithNothingToClaimIsLeftOutNotFatal() throws Exception {
        E2eeDevice tablet = standIn.enroll("@alice:local", "ALICETABLET");
        standIn.exhaustKeys("@alice:local", "ALICETABLET");

        String room = openDm(alice);
        String bobRoom = openDm(bob);
        bob.sendEncrypted(bobRoom, "!afterglow partner invite @alice:local");
        fromBot(alice, room, "would like to be check-in partners");

        assertTrue(tablet.decryptedEvents(room).stream().noneMatch(d -> d.sender().equals(MatrixTestBot.BOT)),
                "the tablet got no key");
        assertTrue(standIn.requestCount("POST", "/keys/claim") >= 2, "the bot asked again for the tablet's key");
    }

    @Test
    @DisplayName("GIVEN preferred encryption WHEN Alice (whose client has keys) invites Carol (whose client has none) "
            + "THEN the bot talks with Alice encrypted and opens an unencrypted DM for Carol, saying so")
    void preferredEncryptsOnlyWhereTheClientCan() throws Exception {
        matrix.bot().close();
        matrix.bot(MatrixTestBot.config(standIn, matrix.account(), List.of("*:local"),
                MatrixConfig.Encryption.PREFERRED)).start();
        SimulatedUser carol = standIn.register("@carol:local", "Carol");

        String aliceRoom = openDm(alice);
        alice.sendEncrypted(aliceRoom, "!afterglow partner invite @carol:local");
        carol.awaitMessage(m -> body(m).contains("not end-to-end encrypted"), WAIT);
        carol.awaitMessage(m -> body(m).contains("would like to be check-in partners"), WAIT);
        String carolRoom = carol.pendingInvites().get(0);
        assertTrue(standIn.timeline(carolRoom).stream().noneMatch(e -> e.path("type").asText().equals("m.room.encryption")),
                "Carol's DM is not encrypted");
    }

    /** Rows of everything the encryption keeps about people: all but the bot's own account. */
    private long e2eeRows() throws SQLException {
        return e2eeRows("matrix.e2ee.%");
    }

    private long e2eeRows(String namespaces) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + matrix.dir().resolve("afterglow.db"));
             PreparedStatement rows = db.prepareStatement("SELECT count(*) FROM adapter_state WHERE namespace LIKE ?")) {
            rows.setString(1, namespaces);
            try (ResultSet result = rows.executeQuery()) {
                return result.getLong(1);
            }
        }
    }

    /** Alice and Bob, each in an encrypted DM with the bot, made partners; their rooms, Alice's first. */
    private List<String> partnersInEncryptedDms() throws InterruptedException {
        String aliceRoom = openDm(alice);
        alice.sendEncrypted(aliceRoom, "!afterglow partner invite @bob:local");
        String bobRoom = joinInvite(bob);
        fromBot(bob, bobRoom, "would like to be check-in partners");
        bob.sendEncrypted(bobRoom, "!afterglow partner accept");
        fromBot(alice, aliceRoom, "said yes");
        return List.of(aliceRoom, bobRoom);
    }

    private String openDm(E2eeDevice who) throws InterruptedException {
        String room = who.createEncryptedDirectRoom(MatrixTestBot.BOT);
        fromBot(who, room, "end-to-end encrypted");
        return room;
    }

    /** A DM past its first exchange: the bot has seen its own join and the room's members by then. */
    private String settledDm(E2eeDevice who) throws InterruptedException {
        String room = openDm(who);
        who.sendEncryptedAndAwaitReply(room, "!afterglow help", WAIT);
        return room;
    }

    private long membersAsked(String room) {
        return standIn.requestCount("GET", "/rooms/" + Pattern.quote(room) + "/members");
    }

    private String joinInvite(E2eeDevice who) {
        Await.until(WAIT, "an invite for " + who.userId(), () -> !who.pendingInvites().isEmpty());
        String room = who.pendingInvites().get(0);
        who.join(room);
        return room;
    }

    /** Alice's encrypted DM, with her aftercare check-in at question 4 of 7 on screen. */
    private String aliceAtQuestionFour() throws InterruptedException {
        String aliceRoom = partnersInEncryptedDms().get(0);
        alice.sendEncrypted(aliceRoom, "!afterglow checkin after");
        fromBot(alice, aliceRoom, "1 of 7");
        say(alice, aliceRoom, "7", "1 2", "skip");
        fromBot(alice, aliceRoom, "4 of 7");
        return aliceRoom;
    }

    private static JsonNode fromBot(E2eeDevice who, String room, String fragment) throws InterruptedException {
        return who.awaitDecrypted(room, d -> d.sender().equals(MatrixTestBot.BOT) && body(d.content()).contains(fragment),
                WAIT).content();
    }

    /** The event id of the bot's latest message in {@code room} that holds {@code fragment}, as {@code who} reads it. */
    private static String latestFromBot(E2eeDevice who, String room, String fragment) {
        return who.decryptedEvents(room).stream()
                .filter(d -> d.sender().equals(MatrixTestBot.BOT) && body(d.content()).contains(fragment))
                .reduce((first, last) -> last).orElseThrow().eventId();
    }

    private static void say(E2eeDevice who, String room, String... lines) throws InterruptedException {
        for (String line : lines) {
            who.sendEncryptedAndAwaitReply(room, line, WAIT);
        }
    }

    private static long countFromBot(E2eeDevice who, String room, String fragment) {
        return who.decryptedEvents(room).stream()
                .filter(d -> d.sender().equals(MatrixTestBot.BOT) && body(d.content()).contains(fragment))
                .count();
    }

    private String lastSessionFromBot(String room) {
        List<JsonNode> fromBot = botEvents(room);
        return fromBot.get(fromBot.size() - 1).path("content").path("session_id").asText();
    }

    /** The bot's encrypted events in {@code room}, as the homeserver holds them. */
    private List<JsonNode> botEvents(String room) {
        return standIn.timeline(room).stream()
                .filter(e -> e.path("sender").asText().equals(MatrixTestBot.BOT)
                        && e.path("type").asText().equals("m.room.encrypted"))
                .toList();
    }

    private static String body(JsonNode content) {
        return content.path("body").asText();
    }
}
