package app.afterglow.matrix.crypto;

/**
 * A message, key or signature that could not be decrypted, verified or parsed: a bad MAC or
 * signature, a message index the session cannot reach, malformed base64 or a malformed message.
 * The message names what failed and never carries plaintext or key material, so it is safe to log.
 */
public final class CryptoException extends RuntimeException {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
