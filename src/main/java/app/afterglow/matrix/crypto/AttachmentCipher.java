package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Matrix encrypted attachments (v2): AES-256-CTR under a fresh key, a 16-byte counter block whose
 * last 8 bytes start at zero, and the SHA-256 of the ciphertext, described by the event's
 * {@code file} object. Thread-safe.
 */
public final class AttachmentCipher {
    private static final int KEY_LENGTH = 32;
    private static final int IV_LENGTH = 16;
    private static final int RANDOM_IV_LENGTH = 8;

    private AttachmentCipher() {
    }

    /**
     * An encrypted attachment ready to upload: the ciphertext, the JWK {@code k} (unpadded
     * base64url), the IV and the ciphertext's SHA-256 (both unpadded base64).
     */
    public record EncryptedAttachment(byte[] ciphertext, String key, String iv, String sha256) {
        /** The spec's {@code file} object for the uploaded ciphertext at {@code mxcUrl}. */
        public ObjectNode fileJson(String mxcUrl) {
            ObjectNode file = JsonNodeFactory.instance.objectNode();
            file.put("v", "v2");
            file.put("url", mxcUrl);
            ObjectNode jwk = file.putObject("key");
            jwk.put("kty", "oct");
            jwk.putArray("key_ops").add("encrypt").add("decrypt");
            jwk.put("alg", "A256CTR");
            jwk.put("k", key);
            jwk.put("ext", true);
            file.put("iv", iv);
            file.putObject("hashes").put("sha256", sha256);
            return file;
        }
    }

    /** Encrypts {@code plaintext} under a fresh key and IV (the IV's counter half zero, so it never wraps). */
    public static EncryptedAttachment encrypt(byte[] plaintext) {
        byte[] key = Primitives.random(KEY_LENGTH);
        byte[] iv = new byte[IV_LENGTH];
        System.arraycopy(Primitives.random(RANDOM_IV_LENGTH), 0, iv, 0, RANDOM_IV_LENGTH);
        byte[] ciphertext = ctr(Cipher.ENCRYPT_MODE, key, iv, plaintext);
        return new EncryptedAttachment(ciphertext, Base64s.encodeUrl(key), Base64s.encode(iv),
                Base64s.encode(Primitives.sha256(ciphertext)));
    }

    /**
     * Decrypts a downloaded attachment, checking its SHA-256 (base64) before anything else.
     *
     * @param keyK the JWK's {@code k}, base64url (padded or not)
     * @param iv   base64, padded or not
     * @throws CryptoException if the hash does not match or a key, IV or hash is malformed
     */
    public static byte[] decrypt(byte[] ciphertext, String keyK, String iv, String sha256) {
        byte[] expected = Base64s.decodeKey(sha256, 32, "attachment hash");
        if (!MessageDigest.isEqual(expected, Primitives.sha256(ciphertext))) {
            throw new CryptoException("attachment hash does not match");
        }
        byte[] key = Base64s.decodeUrl(keyK);
        if (key.length != KEY_LENGTH) {
            throw new CryptoException("attachment key must be 32 bytes");
        }
        return ctr(Cipher.DECRYPT_MODE, key, Base64s.decodeKey(iv, IV_LENGTH, "attachment IV"), ciphertext);
    }

    private static byte[] ctr(int mode, byte[] key, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is part of every JDK", e);
        }
    }
}
