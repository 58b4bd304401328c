package app.afterglow.matrix.crypto;

/**
 * The byte layouts Megolm shares between its two ends: the group message (version 3, index,
 * ciphertext, an 8-byte MAC, then a 64-byte Ed25519 signature over everything before it) and the
 * session key of {@code m.room_key} (version 2, a big-endian 32-bit index, the 128-byte ratchet,
 * the Ed25519 public key, and its signature over all of that).
 */
final class MegolmMessages {
    static final int SESSION_KEY_VERSION = 2;
    static final int SESSION_KEY_UNSIGNED_LENGTH = 1 + 4 + MegolmRatchet.LENGTH + Ed25519.PUBLIC_KEY_LENGTH;
    static final int SESSION_KEY_LENGTH = SESSION_KEY_UNSIGNED_LENGTH + Ed25519.SIGNATURE_LENGTH;
    static final int INDEX_TAG = 0x08;
    static final int CIPHERTEXT_TAG = 0x12;

    private MegolmMessages() {
    }
}
