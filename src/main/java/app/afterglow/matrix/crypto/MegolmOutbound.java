package app.afterglow.matrix.crypto;

import java.nio.ByteBuffer;

/**
 * Our sending side of a Megolm session ({@code m.megolm.v1.aes-sha2}) in one room: a ratchet that
 * moves one step per message and the Ed25519 key that signs every message and names the session.
 *
 * <p>Not thread-safe: one session is used by one thread at a time (the caller serialises), and
 * its pickle must be kept after every {@link #encrypt}, which moves the ratchet; re-using an index
 * would reuse a key.
 */
public final class MegolmOutbound {
    private final MegolmRatchet ratchet;
    private final Ed25519KeyPair signingKey;

    private MegolmOutbound(MegolmRatchet ratchet, Ed25519KeyPair signingKey) {
        this.ratchet = ratchet;
        this.signingKey = signingKey;
    }

    /** A fresh session at index 0. */
    public static MegolmOutbound create() {
        return new MegolmOutbound(MegolmRatchet.random(), Ed25519KeyPair.generate());
    }

    /** The session id, as libolm: the unpadded base64 Ed25519 public key. */
    public String sessionId() {
        return signingKey.publicKeyBase64();
    }

    /**
     * The signed session key for {@code m.room_key} (unpadded base64, format version 2) at the
     * current index: a receiver can decrypt this message and every later one, none before.
     */
    public String sessionKey() {
        ByteBuffer key = ByteBuffer.allocate(MegolmMessages.SESSION_KEY_LENGTH);
        key.put((byte) MegolmMessages.SESSION_KEY_VERSION);
        key.putInt((int) ratchet.index());
        key.put(ratchet.data());
        key.put(signingKey.publicKey());
        key.put(signingKey.sign(key.array(), 0, MegolmMessages.SESSION_KEY_UNSIGNED_LENGTH));
        return Base64s.encode(key.array());
    }

    /** The index the next {@link #encrypt} will use, i.e. how many messages this session has sent. */
    public int messageIndex() {
        return (int) ratchet.index();
    }

    /** Encrypts {@code plaintext} at the current index, signs it, and moves the ratchet on. Returns unpadded base64. */
    public String encrypt(byte[] plaintext) {
        AesSha2 cipher = new AesSha2(ratchet.data(), AesSha2.MEGOLM_INFO);
        byte[] body = new Proto.Writer(Proto.PROTOCOL_VERSION)
                .integer(MegolmMessages.INDEX_TAG, ratchet.index())
                .bytes(MegolmMessages.CIPHERTEXT_TAG, cipher.encrypt(plaintext))
                .toByteArray();
        byte[] authenticated = Primitives.concat(body, cipher.mac(body, body.length));
        byte[] message = Primitives.concat(authenticated, signingKey.sign(authenticated));
        ratchet.advance();
        return Base64s.encode(message);
    }

    /** This session's state in our versioned pickle format (keys in the clear: seal it). */
    public byte[] pickle() {
        return new Pickle.Writer(Pickle.GROUP_OUTBOUND)
                .bytes(ratchet.data())
                .integer((int) ratchet.index())
                .bytes(signingKey.seed())
                .toByteArray();
    }

    /** Reads back {@link #pickle()}; a malformed or foreign pickle is a {@link CryptoException}. */
    public static MegolmOutbound unpickle(byte[] pickle) {
        Pickle.Reader in = new Pickle.Reader(pickle, Pickle.GROUP_OUTBOUND);
        MegolmRatchet ratchet = new MegolmRatchet(in.bytes(MegolmRatchet.LENGTH), in.integer());
        Ed25519KeyPair signingKey = new Ed25519KeyPair(in.bytes(Ed25519KeyPair.SEED_LENGTH));
        in.end();
        return new MegolmOutbound(ratchet, signingKey);
    }
}
