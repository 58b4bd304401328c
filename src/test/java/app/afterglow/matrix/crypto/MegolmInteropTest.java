package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Our Megolm sessions against libolm's group sessions, both ways. */
@Timeout(60)
class MegolmInteropTest {
    private static OlmPeer peer;
    private static int names;

    @BeforeAll
    static void startPeer() {
        peer = OlmPeer.start();
    }

    @AfterAll
    static void stopPeer() {
        if (peer != null) {
            peer.close();
        }
    }

    private static String name() {
        return "group" + (++names);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("GIVEN our outbound session WHEN libolm imports its session key THEN it decrypts every message at the index we sent it with")
    void javaOutboundLibolmInbound() {
        MegolmOutbound outbound = MegolmOutbound.create();
        outbound.encrypt(utf8("before the key was shared"));
        assertEquals(1, outbound.messageIndex());
        String theirs = name();
        JsonNode imported = peer.call("group_inbound", "name", theirs, "session_key", outbound.sessionKey());
        assertEquals(outbound.sessionId(), imported.get("session_id").asText());
        assertEquals(1, imported.get("first_known_index").asInt());

        List<String> ciphertexts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ciphertexts.add(outbound.encrypt(utf8("group message " + i)));
        }
        assertEquals(6, outbound.messageIndex());
        for (int i = ciphertexts.size() - 1; i >= 0; i--) {
            JsonNode decrypted = peer.call("group_decrypt", "name", theirs, "ciphertext", ciphertexts.get(i));
            assertEquals("group message " + i, decrypted.get("plaintext").asText());
            assertEquals(i + 1, decrypted.get("index").asInt());
        }
    }

    @Test
    @DisplayName("GIVEN libolm's outbound session past a 256-message boundary WHEN we import its key and read later indices first THEN every message decrypts with its index")
    void libolmOutboundJavaInbound() {
        String theirs = name();
        JsonNode created = peer.call("group_outbound", "name", theirs);
        MegolmInbound inbound = MegolmInbound.fromSessionKey(created.get("session_key").asText());
        assertEquals(created.get("session_id").asText(), inbound.sessionId());
        assertEquals(0, inbound.firstKnownIndex());

        List<String> ciphertexts = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            JsonNode encrypted = peer.call("group_encrypt", "name", theirs, "plaintext", "from libolm " + i);
            assertEquals(i, encrypted.get("index").asInt());
            ciphertexts.add(encrypted.get("ciphertext").asText());
        }
        for (int index : new int[] {259, 256, 255, 3, 0, 1, 257, 3}) {
            MegolmDecrypted decrypted = inbound.decrypt(ciphertexts.get(index));
            assertEquals("from libolm " + index, text(decrypted.plaintext()));
            assertEquals(index, decrypted.messageIndex());
        }

        MegolmInbound restored = MegolmInbound.unpickle(inbound.pickle());
        assertEquals(inbound.sessionId(), restored.sessionId());
        assertEquals("from libolm 258", text(restored.decrypt(ciphertexts.get(258)).plaintext()));
    }

    @Test
    @DisplayName("GIVEN libolm's group messages past a one-byte varint WHEN we read their index without the session "
            + "THEN it is the index libolm encrypted them at, and a malformed message is a CryptoException")
    void indexClaimedWithoutTheSession() {
        String theirs = name();
        peer.call("group_outbound", "name", theirs);
        for (int i = 0; i < 130; i++) {
            JsonNode encrypted = peer.call("group_encrypt", "name", theirs, "plaintext", "message " + i);
            if (i == 0 || i == 127 || i == 128 || i == 129) {
                assertEquals(i, MegolmInbound.claimedIndex(encrypted.get("ciphertext").asText()));
            }
        }
        assertThrows(CryptoException.class, () -> MegolmInbound.claimedIndex("AAAA"));
        assertThrows(CryptoException.class, () -> MegolmInbound.claimedIndex("not base64!"));
    }

    @Test
    @DisplayName("GIVEN a session key shared at a later index WHEN an earlier message arrives THEN a CryptoException says it is before the first known index")
    void earlierIndexThanKnownFails() {
        MegolmOutbound outbound = MegolmOutbound.create();
        String early = outbound.encrypt(utf8("early"));
        MegolmInbound inbound = MegolmInbound.fromSessionKey(outbound.sessionKey());
        assertEquals(1, inbound.firstKnownIndex());
        assertThrows(CryptoException.class, () -> inbound.decrypt(early));
        assertEquals("late", text(inbound.decrypt(outbound.encrypt(utf8("late"))).plaintext()));
    }

    @Test
    @DisplayName("GIVEN a group message with one byte flipped in its body, MAC or signature WHEN we decrypt it THEN a CryptoException is thrown")
    void tamperedGroupMessageFails() {
        String theirs = name();
        MegolmInbound inbound = MegolmInbound.fromSessionKey(peer.call("group_outbound", "name", theirs).get("session_key").asText());
        String ciphertext = peer.call("group_encrypt", "name", theirs, "plaintext", "untouched").get("ciphertext").asText();
        byte[] raw = Base64s.decode(ciphertext);
        for (int position : new int[] {5, raw.length - 64 - 3, raw.length - 1}) {
            byte[] flipped = raw.clone();
            flipped[position] ^= 0x01;
            assertThrows(CryptoException.class, () -> inbound.decrypt(Base64s.encode(flipped)));
        }
        assertThrows(CryptoException.class, () -> inbound.decrypt("AAAA"));
        assertEquals("untouched", text(inbound.decrypt(ciphertext).plaintext()));
    }

    @Test
    @DisplayName("GIVEN a session key whose signature is broken, or another session's message WHEN imported or decrypted THEN a CryptoException is thrown")
    void badSessionKeySignatureFails() {
        MegolmOutbound outbound = MegolmOutbound.create();
        byte[] key = Base64s.decode(outbound.sessionKey());
        byte[] badSignature = key.clone();
        badSignature[key.length - 1] ^= 0x01;
        assertThrows(CryptoException.class, () -> MegolmInbound.fromSessionKey(Base64s.encode(badSignature)));
        byte[] badRatchet = key.clone();
        badRatchet[10] ^= 0x01;
        assertThrows(CryptoException.class, () -> MegolmInbound.fromSessionKey(Base64s.encode(badRatchet)));
        peer.callFailing("group_inbound", "name", name(), "session_key", Base64s.encode(badSignature));

        MegolmInbound other = MegolmInbound.fromSessionKey(MegolmOutbound.create().sessionKey());
        assertThrows(CryptoException.class, () -> other.decrypt(outbound.encrypt(utf8("not yours"))));
    }

    @Test
    @DisplayName("GIVEN our outbound session pickled mid-way WHEN unpickled and used THEN it goes on at the next index and libolm reads it")
    void outboundPickleRoundTrips() {
        MegolmOutbound outbound = MegolmOutbound.create();
        String theirs = name();
        peer.call("group_inbound", "name", theirs, "session_key", outbound.sessionKey());
        outbound.encrypt(utf8("zero"));
        MegolmOutbound restored = MegolmOutbound.unpickle(outbound.pickle());
        assertEquals(outbound.sessionId(), restored.sessionId());
        assertEquals(1, restored.messageIndex());
        assertEquals(outbound.sessionKey(), restored.sessionKey());
        JsonNode decrypted = peer.call("group_decrypt", "name", theirs, "ciphertext", restored.encrypt(utf8("one")));
        assertEquals("one", decrypted.get("plaintext").asText());
        assertEquals(1, decrypted.get("index").asInt());
    }
}
