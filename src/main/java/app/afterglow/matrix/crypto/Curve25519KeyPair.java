package app.afterglow.matrix.crypto;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** An X25519 key pair, kept as its 32-byte private scalar (clamped by the primitive on use). */
final class Curve25519KeyPair {
    static final int KEY_LENGTH = 32;

    private final byte[] privateKey;
    private final byte[] publicKey;

    Curve25519KeyPair(byte[] privateKey) {
        if (privateKey.length != KEY_LENGTH) {
            throw new CryptoException("a Curve25519 private key must be 32 bytes");
        }
        this.privateKey = privateKey.clone();
        this.publicKey = new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    static Curve25519KeyPair generate() {
        return new Curve25519KeyPair(Primitives.random(KEY_LENGTH));
    }

    byte[] privateKey() {
        return privateKey.clone();
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    String publicKeyBase64() {
        return Base64s.encode(publicKey);
    }

    byte[] agree(byte[] theirPublicKey) {
        if (theirPublicKey.length != KEY_LENGTH) {
            throw new CryptoException("a Curve25519 public key must be 32 bytes");
        }
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(new X25519PrivateKeyParameters(privateKey, 0));
        byte[] secret = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(theirPublicKey, 0), secret, 0);
        } catch (IllegalStateException e) {
            // BouncyCastle refuses a low-order point, whose shared secret would be all zeros.
            throw new CryptoException("Curve25519 agreement with an invalid public key");
        }
        return secret;
    }
}
