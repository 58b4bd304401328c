/**
 * End-to-end encryption for Matrix: the Olm and Megolm ratchets ({@code m.olm.v1.curve25519-aes-sha2}
 * and {@code m.megolm.v1.aes-sha2}), Matrix's canonical JSON signing and its encrypted attachments
 * (v2), built on BouncyCastle's X25519, Ed25519 and HKDF and the JDK's AES, HMAC and SHA-256, and
 * wire-compatible with libolm. It is a pure library of values and state machines: it may not touch
 * HTTP, storage, the core or any other adapter package, and leaves keeping its pickles, uploading
 * keys and tracking replays to the Matrix adapter that uses it.
 */
package app.afterglow.matrix.crypto;
