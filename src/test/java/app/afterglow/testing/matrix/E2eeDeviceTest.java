package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two people's libolm devices talking through the stand-in: proof that {@link E2eeDevice} speaks
 * Olm and Megolm before it is used to judge the bot.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class E2eeDeviceTest {
    private static final String ALICE = "@alice:local";
    private static final String BOB = "@bob:local";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ObjectMapper mapper = new ObjectMapper();
    private MatrixStandIn standIn;
    private E2eeDevice alice;
    private E2eeDevice bob;
    private String room;

    @BeforeEach
    void twoPeopleInAnEncryptedDirectRoom() {
        standIn = MatrixStandIn.launch();
        standIn.register(ALICE, "Alice");
        standIn.register(BOB, "Bob");
        alice = standIn.enroll(ALICE, "ALICEPHONE");
        bob = standIn.enroll(BOB, "BOBPHONE");
        room = alice.createEncryptedDirectRoom(BOB);
        assertEquals(List.of(room), bob.pendingInvites());
        bob.join(room);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    @DisplayName("GIVEN two people's libolm devices in an encrypted DM WHEN they write to each other, a reply included THEN each decrypts the other's words, and neither the room nor any to-device payload holds them in plain text")
    void twoPeopleExchangeEncryptedMessages() throws Exception {
        String first = alice.sendEncrypted(room, "hello Bob, secret one");
        E2eeDevice.Decrypted received = bob.awaitDecrypted(room, d -> true, WAIT);
        assertEquals(first, received.eventId());
        assertEquals(ALICE, received.sender());
        assertEquals("m.room.message", received.type());
        assertEquals("hello Bob, secret one", received.content().path("body").asText());

        ObjectNode reply = mapper.createObjectNode().put("msgtype", "m.text").put("body", "hi Alice, secret two");
        reply.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", first);
        String replied = bob.sendEncrypted(room, reply);
        E2eeDevice.Decrypted answer = alice.awaitDecrypted(room, d -> true, WAIT);
        assertEquals(reply, answer.content());
        assertEquals(reply.get("m.relates_to"), standIn.timeline(room).stream()
                .filter(e -> e.path("event_id").asText().equals(replied)).findFirst().orElseThrow()
                .path("content").path("m.relates_to"), "the relation goes beside the ciphertext, as clients send it");
        alice.sendEncrypted(room, "secret three, over the Olm session Bob answered on");
        assertEquals("secret three, over the Olm session Bob answered on",
                bob.awaitDecrypted(room, d -> true, WAIT).content().path("body").asText());

        assertEquals(3, alice.decryptedEvents(room).size(), "own messages read back too");
        assertTrue(alice.undecryptableEvents(room).isEmpty());
        assertTrue(bob.undecryptableEvents(room).isEmpty());
        assertTrue(alice.refusedToDevice().isEmpty() && bob.refusedToDevice().isEmpty());
        assertTrue(standIn.allRoomEventsJson().stream().noneMatch(e -> e.path("type").asText().equals("m.room.message")));
        String everythingStored = standIn.allRoomEventsJson() + " " + standIn.toDeviceJson();
        assertFalse(everythingStored.contains("secret"), everythingStored);
        assertEquals(List.of("m.room.encrypted"), standIn.toDeviceJson().stream()
                .map(e -> e.path("type").asText()).distinct().toList());
    }

    @Test
    @DisplayName("GIVEN an event whose room key is held back WHEN the recipient looks THEN it is undecryptable, and once the key is released it decrypts")
    void lateKey() throws Exception {
        E2eeDevice.HeldKey held = alice.sendEncryptedWithLateKey(room,
                mapper.createObjectNode().put("msgtype", "m.text").put("body", "key comes later"));

        List<E2eeDevice.Undecryptable> unreadable = bob.undecryptableEvents(room);
        assertEquals(1, unreadable.size());
        assertEquals(held.eventId(), unreadable.get(0).eventId());
        assertTrue(unreadable.get(0).reason().contains("no room key"), unreadable.get(0).reason());

        held.release();
        assertEquals("key comes later", bob.awaitDecrypted(room, d -> true, WAIT).content().path("body").asText());
        assertTrue(bob.undecryptableEvents(room).isEmpty());
    }

    @Test
    @DisplayName("GIVEN a message WHEN its ciphertext is posted again as a new event THEN the recipient reads the first and refuses the second as a replay")
    void replayIsRefused() throws Exception {
        String original = alice.sendEncrypted(room, "only once");
        String replayed = alice.replay(room, original);

        assertEquals(List.of(original), bob.decryptedEvents(room).stream().map(E2eeDevice.Decrypted::eventId).toList());
        E2eeDevice.Undecryptable refused = bob.undecryptableEvents(room).get(0);
        assertEquals(replayed, refused.eventId());
        assertTrue(refused.reason().contains("replay of " + original), refused.reason());
    }

    @Test
    @DisplayName("GIVEN a rotated megolm session WHEN the next message is sent THEN it uses a new session, shared anew, and both messages decrypt")
    void rotatedSession() throws Exception {
        alice.sendEncrypted(room, "before rotation");
        alice.rotateSession(room);
        alice.sendEncrypted(room, "after rotation");

        List<JsonNode> encrypted = standIn.allRoomEventsJson().stream()
                .filter(e -> e.path("type").asText().equals("m.room.encrypted")).toList();
        assertNotEquals(encrypted.get(0).path("content").path("session_id"), encrypted.get(1).path("content").path("session_id"));
        assertEquals(List.of("before rotation", "after rotation"), bob.decryptedEvents(room).stream()
                .map(d -> d.content().path("body").asText()).toList());
        JsonNode content = encrypted.get(1).path("content");
        assertEquals(E2eeDevice.MEGOLM, content.path("algorithm").asText());
        assertEquals(alice.curve25519Key(), content.path("sender_key").asText());
        assertEquals("ALICEPHONE", content.path("device_id").asText());
    }

    @Test
    @DisplayName("GIVEN Bob enrolls a second device WHEN Alice writes again THEN both his devices decrypt it, the new one only from where its key was shared")
    void secondDevice() throws Exception {
        alice.sendEncrypted(room, "before the laptop");
        E2eeDevice laptop = standIn.enroll(BOB, "BOBLAPTOP");
        alice.sendEncrypted(room, "to both devices");

        assertEquals("before the laptop", bob.awaitDecrypted(room, d -> true, WAIT).content().path("body").asText());
        assertEquals("to both devices", bob.awaitDecrypted(room, d -> true, WAIT).content().path("body").asText());
        assertEquals("to both devices", laptop.awaitDecrypted(room, d -> true, WAIT).content().path("body").asText());
        assertEquals(1, laptop.undecryptableEvents(room).size(), "the shared session starts at its current index");
    }

    @Test
    @DisplayName("GIVEN a to-device message claiming to be encrypted for Bob WHEN it is not an Olm message for his key THEN he refuses it and says why")
    void forgedToDeviceIsRefused() {
        ObjectNode forged = mapper.createObjectNode().put("algorithm", E2eeDevice.OLM).put("sender_key", alice.curve25519Key());
        forged.putObject("ciphertext").putObject(bob.curve25519Key()).put("type", 0).put("body", "bm90IG9sbQ");
        ObjectNode messages = mapper.createObjectNode();
        messages.putObject(BOB).set("BOBPHONE", forged);
        HomeserverState state = standIn.state();
        state.sendToDevice(state.openSession(ALICE, "ALICEPHONE"), "m.room.encrypted", "forged", messages);

        assertEquals(1, bob.receiveToDevice());
        assertEquals(1, bob.refusedToDevice().size());
        assertTrue(bob.refusedToDevice().get(0).startsWith(ALICE + ": olm_decrypt"), bob.refusedToDevice().get(0));
    }
}
