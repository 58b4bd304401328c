package app.afterglow.matrix.crypto;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Arrays;

/** Ed25519 signature checks on keys and signatures as Matrix writes them (base64). Thread-safe. */
public final class Ed25519 {
    static final int PUBLIC_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    /**
     * Whether {@code signature} (base64, padded or not) is a valid Ed25519 signature of
     * {@code message} by {@code publicKey} (base64, padded or not). Malformed keys or signatures
     * are simply not valid: this never throws for bad input.
     */
    public static boolean verify(String publicKey, byte[] message, String signature) {
        byte[] key;
        byte[] sig;
        try {
            key = Base64s.decode(publicKey);
            sig = Base64s.decode(signature);
        } catch (CryptoException e) {
            return false;
        }
        return verify(key, message, 0, message.length, sig, 0);
    }

    static boolean verify(byte[] publicKey, byte[] message, int offset, int length, byte[] signature, int signatureOffset) {
        if (publicKey.length != PUBLIC_KEY_LENGTH || signature.length - signatureOffset < SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        try {
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        } catch (IllegalArgumentException e) {
            return false;
        }
        verifier.update(message, offset, length);
        byte[] exact = signature;
        if (signatureOffset != 0 || signature.length != SIGNATURE_LENGTH) {
            exact = Arrays.copyOfRange(signature, signatureOffset, signatureOffset + SIGNATURE_LENGTH);
        }
        return verifier.verifySignature(exact);
    }
}
