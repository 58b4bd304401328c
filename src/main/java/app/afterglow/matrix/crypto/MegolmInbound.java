package app.afterglow.matrix.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Our receiving side of someone's Megolm session: the earliest ratchet value we were given and the
 * sender's Ed25519 key. Any message at or after {@link #firstKnownIndex()} decrypts, in any order
 * and any number of times: rejecting a replayed index is the caller's job.
 *
 * <p>Not thread-safe: one session is used by one thread at a time (the caller serialises).
 * Decrypting does not change the session, so its pickle need only be kept once.
 */
public final class MegolmInbound {
    private final MegolmRatchet initial;
    private final byte[] signingKey;

    private MegolmInbound(MegolmRatchet initial, byte[] signingKey) {
        this.initial = initial;
        this.signingKey = signingKey;
    }

    /**
     * The session a {@code m.room_key}'s {@code session_key} (base64, format version 2) shares.
     *
     * @throws CryptoException if it is malformed or its signature does not match its key
     */
    public static MegolmInbound fromSessionKey(String sessionKey) {
        byte[] raw = Base64s.decode(sessionKey);
        if (raw.length != MegolmMessages.SESSION_KEY_LENGTH) {
            throw new CryptoException("Megolm session key has the wrong length");
        }
        if (raw[0] != MegolmMessages.SESSION_KEY_VERSION) {
            throw new CryptoException("unknown Megolm session key version " + (raw[0] & 0xFF));
        }
        byte[] publicKey = Arrays.copyOfRange(raw, MegolmMessages.SESSION_KEY_UNSIGNED_LENGTH - Ed25519.PUBLIC_KEY_LENGTH,
                MegolmMessages.SESSION_KEY_UNSIGNED_LENGTH);
        if (!Ed25519.verify(publicKey, raw, 0, MegolmMessages.SESSION_KEY_UNSIGNED_LENGTH, raw,
                MegolmMessages.SESSION_KEY_UNSIGNED_LENGTH)) {
            throw new CryptoException("bad Megolm session key signature");
        }
        ByteBuffer in = ByteBuffer.wrap(raw, 1, raw.length - 1);
        int index = in.getInt();
        byte[] ratchet = new byte[MegolmRatchet.LENGTH];
        in.get(ratchet);
        return new MegolmInbound(new MegolmRatchet(ratchet, index), publicKey);
    }

    /** The session id: the sender's unpadded base64 Ed25519 key, as in {@code m.room_key} and each event. */
    public String sessionId() {
        return Base64s.encode(signingKey);
    }

    /** The earliest index this session can decrypt. */
    public int firstKnownIndex() {
        return (int) initial.index();
    }

    /**
     * Decrypts a group message (base64) after checking its signature and MAC.
     *
     * @throws CryptoException on a bad signature or MAC, a malformed message, or an index before
     *                         {@link #firstKnownIndex()}
     */
    public MegolmDecrypted decrypt(String ciphertext) {
        byte[] raw = Base64s.decode(ciphertext);
        Proto.Fields fields = fields(raw);
        int signatureOffset = raw.length - Ed25519.SIGNATURE_LENGTH;
        int macOffset = signatureOffset - AesSha2.MAC_LENGTH;
        long index = fields.unsigned(MegolmMessages.INDEX_TAG, "message index");
        byte[] body = fields.bytes(MegolmMessages.CIPHERTEXT_TAG, "ciphertext");
        if (!Ed25519.verify(signingKey, raw, 0, signatureOffset, raw, signatureOffset)) {
            throw new CryptoException("bad Megolm message signature");
        }
        if (index < initial.index()) {
            throw new CryptoException("Megolm message index before the first known index");
        }
        if (index > Integer.MAX_VALUE) {
            throw new CryptoException("Megolm message index out of range");
        }
        MegolmRatchet ratchet = initial.copy();
        ratchet.advanceTo(index);
        AesSha2 cipher = new AesSha2(ratchet.data(), AesSha2.MEGOLM_INFO);
        byte[] authenticated = Arrays.copyOf(raw, signatureOffset);
        if (!cipher.macMatches(authenticated, macOffset)) {
            throw new CryptoException("bad Megolm message MAC");
        }
        return new MegolmDecrypted(cipher.decrypt(body), (int) index);
    }

    /**
     * The message index a group message (base64) says it has, read without its session: nothing
     * vouches for it until the message is decrypted, so it may only ever count against the message.
     *
     * @throws CryptoException on a malformed message
     */
    public static int claimedIndex(String ciphertext) {
        long index = fields(Base64s.decode(ciphertext)).unsigned(MegolmMessages.INDEX_TAG, "message index");
        if (index > Integer.MAX_VALUE) {
            throw new CryptoException("Megolm message index out of range");
        }
        return (int) index;
    }

    private static Proto.Fields fields(byte[] raw) {
        if (raw.length < 1 + AesSha2.MAC_LENGTH + Ed25519.SIGNATURE_LENGTH) {
            throw new CryptoException("Megolm message too short");
        }
        Proto.Fields fields = Proto.parse(raw, raw.length - Ed25519.SIGNATURE_LENGTH - AesSha2.MAC_LENGTH);
        if (fields.version != Proto.PROTOCOL_VERSION) {
            throw new CryptoException("unknown Megolm message version " + fields.version);
        }
        return fields;
    }

    /** This session's state in our versioned pickle format (keys in the clear: seal it). */
    public byte[] pickle() {
        return new Pickle.Writer(Pickle.GROUP_INBOUND)
                .bytes(initial.data())
                .integer((int) initial.index())
                .bytes(signingKey)
                .toByteArray();
    }

    /** Reads back {@link #pickle()}; a malformed or foreign pickle is a {@link CryptoException}. */
    public static MegolmInbound unpickle(byte[] pickle) {
        Pickle.Reader in = new Pickle.Reader(pickle, Pickle.GROUP_INBOUND);
        MegolmRatchet ratchet = new MegolmRatchet(in.bytes(MegolmRatchet.LENGTH), in.integer());
        byte[] signingKey = in.bytes(Ed25519.PUBLIC_KEY_LENGTH);
        in.end();
        return new MegolmInbound(ratchet, signingKey);
    }
}
