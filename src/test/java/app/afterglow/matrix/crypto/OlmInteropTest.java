package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our accounts, signatures and Olm sessions against libolm's, both ways. */
@Timeout(60)
class OlmInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static String name(String prefix) {
        return prefix + (++names);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("GIVEN our account and libolm's WHEN each signs a message THEN the other side verifies it, and a changed message fails")
    void ed25519SignaturesBothWays() {
        OlmAccount ours = OlmAccount.create();
        byte[] message = utf8("a message to sign ✓");
        JsonNode result = peer.call("ed25519_verify", "key", ours.ed25519(), "message", b64(message), "signature", ours.sign(message));
        assertTrue(result.get("valid").asBoolean());
        assertFalse(peer.call("ed25519_verify", "key", ours.ed25519(), "message", b64(utf8("another")),
                "signature", ours.sign(message)).get("valid").asBoolean());

        String theirs = name("account");
        String theirKey = peer.call("account_new", "name", theirs).get("ed25519").asText();
        String signature = peer.call("account_sign", "name", theirs, "message", b64(message)).get("signature").asText();
        assertTrue(Ed25519.verify(theirKey, message, signature));
        assertFalse(Ed25519.verify(theirKey, utf8("another"), signature));
    }

    @Test
    @DisplayName("GIVEN device keys signed as canonical JSON by our account WHEN libolm verifies them over Python's canonical form THEN the signature holds, and ours verifies it too")
    void signedDeviceKeysVerifyInLibolm() throws Exception {
        OlmAccount account = OlmAccount.create();
        ObjectNode deviceKeys = (ObjectNode) JSON.readTree("{\"user_id\":\"@bot:example.org\",\"device_id\":\"AFTERGLOW\","
                + "\"algorithms\":[\"m.olm.v1.curve25519-aes-sha2\",\"m.megolm.v1.aes-sha2\"],"
                + "\"unsigned\":{\"device_display_name\":\"Afterglow — ☀\"},"
                + "\"signatures\":{\"@other:example.org\":{\"ed25519:X\":\"kept\"}}}");
        deviceKeys.putObject("keys")
                .put("curve25519:AFTERGLOW", account.curve25519())
                .put("ed25519:AFTERGLOW", account.ed25519());
        ObjectNode signed = CanonicalJson.signed(deviceKeys, "@bot:example.org", "ed25519:AFTERGLOW", account);

        assertEquals("kept", signed.path("signatures").path("@other:example.org").path("ed25519:X").asText());
        assertFalse(deviceKeys.path("signatures").has("@bot:example.org"), "the input is left as it was");
        JsonNode result = peer.call("verify_signed_json", "json", JSON.writeValueAsString(signed),
                "user_id", "@bot:example.org", "key_id", "ed25519:AFTERGLOW", "key", account.ed25519());
        assertTrue(result.get("valid").asBoolean());
        assertTrue(CanonicalJson.verify(signed, "@bot:example.org", "ed25519:AFTERGLOW", account.ed25519()));

        ObjectNode tampered = signed.deepCopy();
        tampered.put("device_id", "OTHER");
        assertFalse(CanonicalJson.verify(tampered, "@bot:example.org", "ed25519:AFTERGLOW", account.ed25519()));
        assertFalse(CanonicalJson.verify(signed, "@bot:example.org", "ed25519:OTHER", account.ed25519()));
    }

    @Test
    @DisplayName("GIVEN a libolm one-time key WHEN we open a session and talk for several turns both ways, some out of order THEN both sides read every message and agree on the session id")
    void javaOutboundConversation() {
        OlmAccount ours = OlmAccount.create();
        String theirs = name("account");
        String theirIdentity = peer.call("account_new", "name", theirs).get("curve25519").asText();
        String theirOneTimeKey = peer.call("account_one_time_keys", "name", theirs, "count", 1)
                .get("keys").elements().next().asText();

        OlmSession session = OlmSession.outbound(ours, theirIdentity, theirOneTimeKey);
        OlmMessage first = session.encrypt(utf8("hello from Java"));
        assertEquals(OlmMessage.PRE_KEY, first.type());

        String theirSession = name("session");
        String theirSessionId = peer.call("session_inbound", "name", theirSession, "account", theirs,
                "identity_key", ours.curve25519(), "body", first.body()).get("session_id").asText();
        assertEquals(session.sessionId(), theirSessionId);
        assertEquals("hello from Java", decryptThere(theirSession, first));

        OlmMessage second = session.encrypt(utf8("still pre-key until they answer"));
        assertEquals(OlmMessage.PRE_KEY, second.type());
        assertEquals("still pre-key until they answer", decryptThere(theirSession, second));

        for (int turn = 0; turn < 3; turn++) {
            OlmMessage[] replies = new OlmMessage[3];
            for (int i = 0; i < replies.length; i++) {
                replies[i] = encryptThere(theirSession, "reply " + turn + "." + i);
            }
            // Out of order within their chain: the last first, then the skipped ones.
            assertEquals("reply " + turn + ".2", text(session.decrypt(replies[2])));
            assertEquals("reply " + turn + ".0", text(session.decrypt(replies[0])));
            assertEquals("reply " + turn + ".1", text(session.decrypt(replies[1])));

            OlmMessage[] ours3 = new OlmMessage[3];
            for (int i = 0; i < ours3.length; i++) {
                ours3[i] = session.encrypt(utf8("ours " + turn + "." + i));
                assertEquals(OlmMessage.NORMAL, ours3[i].type());
            }
            assertEquals("ours " + turn + ".1", decryptThere(theirSession, ours3[1]));
            assertEquals("ours " + turn + ".2", decryptThere(theirSession, ours3[2]));
            assertEquals("ours " + turn + ".0", decryptThere(theirSession, ours3[0]));
        }
    }

    @Test
    @DisplayName("GIVEN one of our one-time keys WHEN libolm opens a session with it THEN we open the inbound session, the key is used up, and the talk goes on both ways")
    void libolmOutboundToOneTimeKey() {
        OlmAccount ours = OlmAccount.create();
        ours.generateOneTimeKeys(3);
        Map<String, String> keys = ours.unpublishedOneTimeKeys();
        assertEquals(3, keys.size());
        ours.markKeysAsPublished();
        assertTrue(ours.unpublishedOneTimeKeys().isEmpty());
        String oneTimeKey = keys.values().iterator().next();

        String theirs = name("account");
        String theirIdentity = peer.call("account_new", "name", theirs).get("curve25519").asText();
        String theirSession = name("session");
        String theirSessionId = peer.call("session_outbound", "name", theirSession, "account", theirs,
                "identity_key", ours.curve25519(), "one_time_key", oneTimeKey).get("session_id").asText();
        OlmMessage preKey = encryptThere(theirSession, "hello from libolm");
        assertEquals(OlmMessage.PRE_KEY, preKey.type());

        OlmSession session = OlmSession.inbound(ours, theirIdentity, preKey.body());
        assertEquals(theirSessionId, session.sessionId());
        assertTrue(session.matchesInbound(theirIdentity, preKey.body()));
        assertFalse(session.matchesInbound(ours.curve25519(), preKey.body()));
        assertEquals("hello from libolm", text(session.decrypt(preKey)));
        assertThrows(CryptoException.class, () -> OlmSession.inbound(ours, theirIdentity, preKey.body()),
                "a one-time key opens one session only");

        conversationGoesOn(session, theirSession);
    }

    @Test
    @DisplayName("GIVEN our fallback key, then a newer one WHEN libolm opens sessions with the old and the new THEN both open, and the fallback key is not used up")
    void libolmOutboundToFallbackKeys() {
        OlmAccount ours = OlmAccount.create();
        ours.generateFallbackKey();
        Map<String, String> first = ours.unpublishedFallbackKey();
        assertEquals(1, first.size());
        ours.markKeysAsPublished();
        assertTrue(ours.unpublishedFallbackKey().isEmpty());
        ours.generateFallbackKey();
        Map<String, String> second = ours.unpublishedFallbackKey();
        assertNotEquals(first.keySet(), second.keySet());

        for (String fallbackKey : new String[] {first.values().iterator().next(), second.values().iterator().next()}) {
            for (int attempt = 0; attempt < 2; attempt++) {
                String theirs = name("account");
                String theirIdentity = peer.call("account_new", "name", theirs).get("curve25519").asText();
                String theirSession = name("session");
                peer.call("session_outbound", "name", theirSession, "account", theirs,
                        "identity_key", ours.curve25519(), "one_time_key", fallbackKey);
                OlmMessage preKey = encryptThere(theirSession, "via fallback " + attempt);
                OlmSession session = OlmSession.inbound(ours, theirIdentity, preKey.body());
                assertEquals("via fallback " + attempt, text(session.decrypt(preKey)));
                conversationGoesOn(session, theirSession);
            }
        }
    }

    @Test
    @DisplayName("GIVEN an account and a session mid-conversation WHEN pickled and unpickled THEN they carry on as if never stored, skipped keys included")
    void picklesRoundTripMidConversation() {
        OlmAccount account = OlmAccount.create();
        account.generateOneTimeKeys(2);
        account.generateFallbackKey();
        OlmAccount restored = OlmAccount.unpickle(account.pickle());
        assertEquals(account.curve25519(), restored.curve25519());
        assertEquals(account.ed25519(), restored.ed25519());
        assertEquals(account.unpublishedOneTimeKeys(), restored.unpublishedOneTimeKeys());
        assertEquals(account.unpublishedFallbackKey(), restored.unpublishedFallbackKey());
        assertTrue(Ed25519.verify(account.ed25519(), utf8("x"), restored.sign(utf8("x"))));

        String theirs = name("account");
        String theirIdentity = peer.call("account_new", "name", theirs).get("curve25519").asText();
        String theirSession = name("session");
        peer.call("session_outbound", "name", theirSession, "account", theirs, "identity_key", restored.curve25519(),
                "one_time_key", restored.unpublishedOneTimeKeys().values().iterator().next());
        OlmMessage preKey = encryptThere(theirSession, "before pickling");
        OlmSession session = OlmSession.unpickle(OlmSession.inbound(restored, theirIdentity, preKey.body()).pickle());
        assertEquals("before pickling", text(session.decrypt(preKey)));
        assertEquals("answer", decryptThere(theirSession, session.encrypt(utf8("answer"))));

        OlmMessage skipped = encryptThere(theirSession, "skipped");
        OlmMessage later = encryptThere(theirSession, "later");
        assertEquals("later", text(session.decrypt(later)));
        OlmSession again = OlmSession.unpickle(session.pickle());
        assertEquals(session.sessionId(), again.sessionId());
        assertEquals("skipped", text(again.decrypt(skipped)));
        assertEquals("after pickling", decryptThere(theirSession, again.encrypt(utf8("after pickling"))));
        assertThrows(CryptoException.class, () -> OlmAccount.unpickle(again.pickle()), "a session is not an account");
        assertThrows(CryptoException.class, () -> OlmSession.unpickle(new byte[] {9, 'S'}), "unknown pickle version");
    }

    @Test
    @DisplayName("GIVEN a libolm message with one byte flipped, or one already read WHEN we decrypt it THEN a CryptoException is thrown and the session still works")
    void tamperedOlmMessageFails() {
        OlmAccount ours = OlmAccount.create();
        ours.generateOneTimeKeys(1);
        String theirs = name("account");
        String theirIdentity = peer.call("account_new", "name", theirs).get("curve25519").asText();
        String theirSession = name("session");
        peer.call("session_outbound", "name", theirSession, "account", theirs, "identity_key", ours.curve25519(),
                "one_time_key", ours.unpublishedOneTimeKeys().values().iterator().next());
        OlmMessage preKey = encryptThere(theirSession, "first");
        OlmSession session = OlmSession.inbound(ours, theirIdentity, preKey.body());
        assertEquals("first", text(session.decrypt(preKey)));
        decryptThere(theirSession, session.encrypt(utf8("ack")));

        OlmMessage message = encryptThere(theirSession, "do not touch");
        byte[] raw = Base64s.decode(message.body());
        for (int position : new int[] {raw.length - 1, raw.length - 12, 40}) {
            byte[] flipped = raw.clone();
            flipped[position] ^= 0x01;
            OlmMessage tampered = new OlmMessage(message.type(), Base64s.encode(flipped));
            assertThrows(CryptoException.class, () -> session.decrypt(tampered));
        }
        assertEquals("do not touch", text(session.decrypt(message)));
        assertThrows(CryptoException.class, () -> session.decrypt(message), "a message key is used once");
        assertThrows(CryptoException.class, () -> session.decrypt(new OlmMessage(OlmMessage.NORMAL, "not base64!")));
    }

    private static void conversationGoesOn(OlmSession session, String theirSession) {
        for (int turn = 0; turn < 2; turn++) {
            assertEquals("ours " + turn, decryptThere(theirSession, session.encrypt(utf8("ours " + turn))));
            OlmMessage a = encryptThere(theirSession, "theirs " + turn + "a");
            OlmMessage b = encryptThere(theirSession, "theirs " + turn + "b");
            assertEquals(OlmMessage.NORMAL, a.type());
            assertEquals("theirs " + turn + "b", text(session.decrypt(b)));
            assertEquals("theirs " + turn + "a", text(session.decrypt(a)));
        }
    }

    private static OlmMessage encryptThere(String theirSession, String plaintext) {
        JsonNode message = peer.call("session_encrypt", "name", theirSession, "plaintext", plaintext);
        return new OlmMessage(message.get("type").asInt(), message.get("body").asText());
    }

    private static String decryptThere(String theirSession, OlmMessage message) {
        return peer.call("session_decrypt", "name", theirSession, "type", message.type(), "body", message.body())
                .get("plaintext").asText();
    }
}
