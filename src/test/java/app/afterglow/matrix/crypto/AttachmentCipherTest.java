package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encrypted attachments (v2) against Python's cryptography AES-CTR, both ways. */
@Timeout(60)
class AttachmentCipherTest {
    private static OlmPeer peer;

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

    private static byte[] content() {
        return Primitives.random(70_000);
    }

    @Test
    @DisplayName("GIVEN an attachment we encrypt WHEN Python checks its hash and decrypts it with AES-CTR THEN the original bytes come back")
    void javaEncryptsPythonDecrypts() {
        byte[] plaintext = content();
        AttachmentCipher.EncryptedAttachment encrypted = AttachmentCipher.encrypt(plaintext);
        assertArrayEquals(new byte[8], java.util.Arrays.copyOfRange(Base64s.decode(encrypted.iv()), 8, 16));
        assertFalse(encrypted.key().contains("=") || encrypted.iv().contains("=") || encrypted.sha256().contains("="));
        JsonNode result = peer.call("attachment_decrypt", "ciphertext", Base64.getEncoder().encodeToString(encrypted.ciphertext()),
                "key", encrypted.key(), "iv", encrypted.iv(), "sha256", encrypted.sha256());
        assertArrayEquals(plaintext, Base64s.decode(result.get("plaintext").asText()));
    }

    @Test
    @DisplayName("GIVEN an attachment Python encrypts WHEN we decrypt it THEN the original bytes come back, and a changed byte fails the hash first")
    void pythonEncryptsJavaDecrypts() {
        byte[] plaintext = content();
        JsonNode encrypted = peer.call("attachment_encrypt", "plaintext", Base64.getEncoder().encodeToString(plaintext));
        byte[] ciphertext = Base64s.decode(encrypted.get("ciphertext").asText());
        String key = encrypted.get("key").asText();
        String iv = encrypted.get("iv").asText();
        String sha256 = encrypted.get("sha256").asText();
        assertArrayEquals(plaintext, AttachmentCipher.decrypt(ciphertext, key, iv, sha256));
        assertArrayEquals(plaintext, AttachmentCipher.decrypt(ciphertext, key + "=", iv + "==", sha256 + "="));

        byte[] tampered = ciphertext.clone();
        tampered[100] ^= 0x01;
        CryptoException error = assertThrows(CryptoException.class, () -> AttachmentCipher.decrypt(tampered, key, iv, sha256));
        assertTrue(error.getMessage().contains("hash"));
    }

    @Test
    @DisplayName("GIVEN an encrypted attachment WHEN its file object is built THEN it is the spec's v2 object with the JWK, IV and hash")
    void fileJsonFollowsTheSpec() {
        AttachmentCipher.EncryptedAttachment encrypted = AttachmentCipher.encrypt(new byte[] {1, 2, 3});
        ObjectNode file = encrypted.fileJson("mxc://example.org/abc");
        assertEquals("v2", file.get("v").asText());
        assertEquals("mxc://example.org/abc", file.get("url").asText());
        assertEquals("oct", file.path("key").path("kty").asText());
        assertEquals("[\"encrypt\",\"decrypt\"]", file.path("key").path("key_ops").toString());
        assertEquals("A256CTR", file.path("key").path("alg").asText());
        assertEquals(encrypted.key(), file.path("key").path("k").asText());
        assertTrue(file.path("key").path("ext").asBoolean());
        assertEquals(encrypted.iv(), file.get("iv").asText());
        assertEquals(encrypted.sha256(), file.path("hashes").path("sha256").asText());
        assertArrayEquals(new byte[] {1, 2, 3}, AttachmentCipher.decrypt(encrypted.ciphertext(),
                file.path("key").path("k").asText(), file.get("iv").asText(), file.path("hashes").path("sha256").asText()));
    }
}
