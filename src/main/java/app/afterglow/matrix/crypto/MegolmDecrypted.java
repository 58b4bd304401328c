package app.afterglow.matrix.crypto;

/**
 * A decrypted Megolm message and its ratchet index. The index is what replay detection keys on:
 * the same (session, index) seen twice with different event ids is a replay.
 */
public record MegolmDecrypted(byte[] plaintext, int messageIndex) {
}
