package app.afterglow.matrix.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 key pair, kept as its 32-byte seed (RFC 8032's private key). */
final class Ed25519KeyPair {
    static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final byte[] publicKey;

    Ed25519KeyPair(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new CryptoException("an Ed25519 seed must be 32 bytes");
        }
        this.seed = seed.clone();
        this.publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    static Ed25519KeyPair generate() {
        return new Ed25519KeyPair(Primitives.random(SEED_LENGTH));
    }

    byte[] seed() {
        return seed.clone();
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    String publicKeyBase64() {
        return Base64s.encode(publicKey);
    }

    byte[] sign(byte[] message, int offset, int length) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        signer.update(message, offset, length);
        return signer.generateSignature();
    }

    byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }
}
