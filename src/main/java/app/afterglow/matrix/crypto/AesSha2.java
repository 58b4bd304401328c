package app.afterglow.matrix.crypto;

import javax.crypto.Cipher;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The authenticated encryption both ratchets use: HKDF-SHA-256 of a message key (zero salt, a
 * per-protocol info string) gives an AES-256 key, an HMAC key and a CBC IV; the MAC is HMAC-SHA-256
 * over the whole encoded message before it, truncated to 8 bytes.
 */
final class AesSha2 {
    static final int MAC_LENGTH = 8;
    static final String OLM_INFO = "OLM_KEYS";
    static final String MEGOLM_INFO = "MEGOLM_KEYS";

    private final byte[] aesKey;
    private final byte[] macKey;
    private final byte[] iv;

    AesSha2(byte[] messageKey, String info) {
        byte[] derived = Primitives.hkdf(messageKey, null, info, 80);
        aesKey = Arrays.copyOfRange(derived, 0, 32);
        macKey = Arrays.copyOfRange(derived, 32, 64);
        iv = Arrays.copyOfRange(derived, 64, 80);
    }

    byte[] encrypt(byte[] plaintext) {
        return Primitives.aesCbc(Cipher.ENCRYPT_MODE, aesKey, iv, plaintext, 0, plaintext.length);
    }

    byte[] decrypt(byte[] ciphertext) {
        return Primitives.aesCbc(Cipher.DECRYPT_MODE, aesKey, iv, ciphertext, 0, ciphertext.length);
    }

    /** The truncated MAC of {@code message[0, length)}. */
    byte[] mac(byte[] message, int length) {
        return Arrays.copyOf(Primitives.hmacSha256(macKey, message, 0, length), MAC_LENGTH);
    }

    /** Whether the 8 bytes at {@code macOffset} are the MAC of everything before them (constant time). */
    boolean macMatches(byte[] message, int macOffset) {
        byte[] expected = mac(message, macOffset);
        byte[] actual = Arrays.copyOfRange(message, macOffset, macOffset + MAC_LENGTH);
        return MessageDigest.isEqual(expected, actual);
    }
}
