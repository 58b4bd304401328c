package app.afterglow.matrix.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One Olm session ({@code m.olm.v1.curve25519-aes-sha2}) between this device and another: the
 * triple Diffie-Hellman set-up and the double ratchet, byte for byte as libolm does them.
 *
 * <p>Out-of-order messages are decrypted within libolm's limits: a message may run at most 2000
 * keys ahead of its chain, the keys of the 40 most recently skipped messages are kept, and the 5
 * most recent receiving chains. A message whose key was used or discarded fails.
 *
 * <p>Not thread-safe: one session is used by one thread at a time (the caller serialises), and
 * its pickle must be kept after every {@link #encrypt} and successful {@link #decrypt}, since both
 * move the ratchet.
 */
public final class OlmSession {
    static final int MAX_RECEIVER_CHAINS = 5;
    static final int MAX_SKIPPED_MESSAGE_KEYS = 40;
    static final int MAX_MESSAGE_GAP = 2000;

    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};
    private static final String ROOT_INFO = "OLM_ROOT";
    private static final String RATCHET_INFO = "OLM_RATCHET";

    private static final int RATCHET_KEY_TAG = 0x0A;
    private static final int COUNTER_TAG = 0x10;
    private static final int CIPHERTEXT_TAG = 0x22;
    private static final int ONE_TIME_KEY_TAG = 0x0A;
    private static final int BASE_KEY_TAG = 0x12;
    private static final int IDENTITY_KEY_TAG = 0x1A;
    private static final int MESSAGE_TAG = 0x22;

    private final byte[] aliceIdentityKey;
    private final byte[] aliceBaseKey;
    private final byte[] bobOneTimeKey;
    private boolean receivedMessage;
    private byte[] rootKey;
    private SenderChain sender;
    /** Newest first; the oldest falls off past {@link #MAX_RECEIVER_CHAINS}. */
    private final List<ReceiverChain> receivers;
    /** Newest first; the oldest falls off past {@link #MAX_SKIPPED_MESSAGE_KEYS}. */
    private final List<SkippedKey> skipped;

    private static final class SenderChain {
        final Curve25519KeyPair ratchetKey;
        byte[] chainKey;
        int index;

        SenderChain(Curve25519KeyPair ratchetKey, byte[] chainKey, int index) {
            this.ratchetKey = ratchetKey;
            this.chainKey = chainKey;
            this.index = index;
        }
    }

    private static final class ReceiverChain {
        final byte[] ratchetKey;
        byte[] chainKey;
        int index;

        ReceiverChain(byte[] ratchetKey, byte[] chainKey, int index) {
            this.ratchetKey = ratchetKey;
            this.chainKey = chainKey;
            this.index = index;
        }
    }

    private record SkippedKey(byte[] ratchetKey, byte[] messageKey, int index) {
    }

    /** A pre-key message's fields; the identity key may be absent, as libolm allows. */
    private record PreKey(byte[] oneTimeKey, byte[] baseKey, byte[] identityKey, byte[] message) {
        static PreKey parse(byte[] raw) {
            Proto.Fields fields = Proto.parse(raw, raw.length);
            if (fields.version != Proto.PROTOCOL_VERSION) {
                throw new CryptoException("unknown Olm message version " + fields.version);
            }
            byte[] identity = fields.has(IDENTITY_KEY_TAG) ? fields.key(IDENTITY_KEY_TAG, "identity key") : null;
            return new PreKey(fields.key(ONE_TIME_KEY_TAG, "one-time key"), fields.key(BASE_KEY_TAG, "base key"),
                    identity, fields.bytes(MESSAGE_TAG, "embedded message"));
        }
    }

    private OlmSession(byte[] aliceIdentityKey, byte[] aliceBaseKey, byte[] bobOneTimeKey, boolean receivedMessage,
                       byte[] rootKey, SenderChain sender, List<ReceiverChain> receivers, List<SkippedKey> skipped) {
        this.aliceIdentityKey = aliceIdentityKey;
        this.aliceBaseKey = aliceBaseKey;
        this.bobOneTimeKey = bobOneTimeKey;
        this.receivedMessage = receivedMessage;
        this.rootKey = rootKey;
        this.sender = sender;
        this.receivers = receivers;
        this.skipped = skipped;
    }

    /**
     * Opens a session to another device from its Curve25519 identity key and one of its claimed
     * one-time (or fallback) keys, both base64. Its messages are pre-key messages until the other
     * side's first reply has been decrypted. Checking the one-time key's signature is the caller's.
     */
    public static OlmSession outbound(OlmAccount ours, String theirCurve25519, String theirOneTimeKey) {
        byte[] theirIdentity = Base64s.decodeKey(theirCurve25519, Curve25519KeyPair.KEY_LENGTH, "identity key");
        byte[] theirOneTime = Base64s.decodeKey(theirOneTimeKey, Curve25519KeyPair.KEY_LENGTH, "one-time key");
        Curve25519KeyPair baseKey = Curve25519KeyPair.generate();
        Curve25519KeyPair ratchetKey = Curve25519KeyPair.generate();
        byte[] secret = Primitives.concat(
                ours.identityKey().agree(theirOneTime),
                baseKey.agree(theirIdentity),
                baseKey.agree(theirOneTime));
        byte[] derived = Primitives.hkdf(secret, null, ROOT_INFO, 64);
        SenderChain sender = new SenderChain(ratchetKey, Arrays.copyOfRange(derived, 32, 64), 0);
        return new OlmSession(ours.identityKey().publicKey(), baseKey.publicKey(), theirOneTime, false,
                Arrays.copyOf(derived, 32), sender, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Opens the session a pre-key message (its base64 body) from {@code theirCurve25519} asks for,
     * and removes the one-time key it used from {@code ours} (a fallback key stays). It does not
     * decrypt: pass the same message to {@link #decrypt} next, and keep the account's pickle, since
     * the one-time key is gone even if that decryption fails.
     *
     * @throws CryptoException if the message is malformed, comes from another identity key, or
     *                         names a key this account does not hold
     */
    public static OlmSession inbound(OlmAccount ours, String theirCurve25519, String preKeyMessageBody) {
        byte[] theirIdentity = Base64s.decodeKey(theirCurve25519, Curve25519KeyPair.KEY_LENGTH, "identity key");
        PreKey preKey = PreKey.parse(Base64s.decode(preKeyMessageBody));
        if (preKey.identityKey() != null && !Arrays.equals(preKey.identityKey(), theirIdentity)) {
            throw new CryptoException("pre-key message from another identity key");
        }
        byte[] message = preKey.message();
        if (message.length < 1 + AesSha2.MAC_LENGTH) {
            throw new CryptoException("embedded message too short");
        }
        byte[] theirRatchetKey = Proto.parse(message, message.length - AesSha2.MAC_LENGTH)
                .key(RATCHET_KEY_TAG, "ratchet key");
        Curve25519KeyPair oneTimeKey = ours.lookupKey(preKey.oneTimeKey());
        if (oneTimeKey == null) {
            throw new CryptoException("pre-key message for a one-time key this account does not hold");
        }
        byte[] secret = Primitives.concat(
                oneTimeKey.agree(theirIdentity),
                ours.identityKey().agree(preKey.baseKey()),
                oneTimeKey.agree(preKey.baseKey()));
        byte[] derived = Primitives.hkdf(secret, null, ROOT_INFO, 64);
        List<ReceiverChain> receivers = new ArrayList<>();
        receivers.add(new ReceiverChain(theirRatchetKey, Arrays.copyOfRange(derived, 32, 64), 0));
        ours.removeOneTimeKey(preKey.oneTimeKey());
        return new OlmSession(theirIdentity, preKey.baseKey(), preKey.oneTimeKey(), false,
                Arrays.copyOf(derived, 32), null, receivers, new ArrayList<>());
    }

    /**
     * Whether a pre-key message (base64 body) from {@code theirCurve25519} belongs to this session
     * (same sender, base key and one-time key), i.e. should be decrypted here rather than open a new
     * session. A malformed message matches nothing.
     */
    public boolean matchesInbound(String theirCurve25519, String preKeyMessageBody) {
        try {
            byte[] theirIdentity = Base64s.decodeKey(theirCurve25519, Curve25519KeyPair.KEY_LENGTH, "identity key");
            PreKey preKey = PreKey.parse(Base64s.decode(preKeyMessageBody));
            return Arrays.equals(theirIdentity, aliceIdentityKey)
                    && (preKey.identityKey() == null || Arrays.equals(preKey.identityKey(), aliceIdentityKey))
                    && Arrays.equals(preKey.baseKey(), aliceBaseKey)
                    && Arrays.equals(preKey.oneTimeKey(), bobOneTimeKey);
        } catch (CryptoException e) {
            return false;
        }
    }

    /** libolm's session id: the unpadded base64 SHA-256 of the creator's identity and base keys and the one-time key. */
    public String sessionId() {
        return Base64s.encode(Primitives.sha256(Primitives.concat(aliceIdentityKey, aliceBaseKey, bobOneTimeKey)));
    }

    /** Encrypts {@code plaintext}: a pre-key message until a reply has been decrypted, a normal one after. */
    public OlmMessage encrypt(byte[] plaintext) {
        if (sender == null) {
            Curve25519KeyPair ratchetKey = Curve25519KeyPair.generate();
            byte[] derived = Primitives.hkdf(ratchetKey.agree(receivers.get(0).ratchetKey), rootKey, RATCHET_INFO, 64);
            rootKey = Arrays.copyOf(derived, 32);
            sender = new SenderChain(ratchetKey, Arrays.copyOfRange(derived, 32, 64), 0);
        }
        byte[] messageKey = Primitives.hmacSha256(sender.chainKey, MESSAGE_KEY_SEED);
        int index = sender.index;
        sender.chainKey = Primitives.hmacSha256(sender.chainKey, CHAIN_KEY_SEED);
        sender.index++;

        AesSha2 cipher = new AesSha2(messageKey, AesSha2.OLM_INFO);
        byte[] body = new Proto.Writer(Proto.PROTOCOL_VERSION)
                .bytes(RATCHET_KEY_TAG, sender.ratchetKey.publicKey())
                .integer(COUNTER_TAG, Integer.toUnsignedLong(index))
                .bytes(CIPHERTEXT_TAG, cipher.encrypt(plaintext))
                .toByteArray();
        byte[] message = Primitives.concat(body, cipher.mac(body, body.length));
        if (receivedMessage) {
            return new OlmMessage(OlmMessage.NORMAL, Base64s.encode(message));
        }
        byte[] preKey = new Proto.Writer(Proto.PROTOCOL_VERSION)
                .bytes(ONE_TIME_KEY_TAG, bobOneTimeKey)
                .bytes(BASE_KEY_TAG, aliceBaseKey)
                .bytes(IDENTITY_KEY_TAG, aliceIdentityKey)
                .bytes(MESSAGE_TAG, message)
                .toByteArray();
        return new OlmMessage(OlmMessage.PRE_KEY, Base64s.encode(preKey));
    }

    /**
     * Decrypts a message of this session, in or out of order within the limits above. On failure
     * the session is unchanged. A pre-key message is not checked against this session here: pick
     * the session with {@link #matchesInbound} first, as libolm's callers do.
     *
     * @throws CryptoException on a bad MAC, a malformed message, a message whose key was already used
     *                         or discarded, or one too far ahead of its chain
     */
    public byte[] decrypt(OlmMessage message) {
        byte[] raw = Base64s.decode(message.body());
        byte[] inner = message.type() == OlmMessage.PRE_KEY ? PreKey.parse(raw).message() : raw;
        if (inner.length < 1 + AesSha2.MAC_LENGTH) {
            throw new CryptoException("Olm message too short");
        }
        Proto.Fields fields = Proto.parse(inner, inner.length - AesSha2.MAC_LENGTH);
        if (fields.version != Proto.PROTOCOL_VERSION) {
            throw new CryptoException("unknown Olm message version " + fields.version);
        }
        byte[] ratchetKey = fields.key(RATCHET_KEY_TAG, "ratchet key");
        long counter = fields.unsigned(COUNTER_TAG, "chain index");
        byte[] ciphertext = fields.bytes(CIPHERTEXT_TAG, "ciphertext");

        ReceiverChain chain = null;
        for (ReceiverChain candidate : receivers) {
            if (Arrays.equals(candidate.ratchetKey, ratchetKey)) {
                chain = candidate;
                break;
            }
        }

        byte[] plaintext;
        if (chain == null) {
            // The other side has ratcheted: only once they have seen our sending chain.
            if (sender == null) {
                throw new CryptoException("Olm message starts a new chain before ours was acknowledged");
            }
            if (counter > MAX_MESSAGE_GAP) {
                throw new CryptoException("Olm message too far ahead of its chain");
            }
            byte[] derived = Primitives.hkdf(sender.ratchetKey.agree(ratchetKey), rootKey, RATCHET_INFO, 64);
            byte[] chainKey = Arrays.copyOfRange(derived, 32, 64);
            plaintext = open(messageKey(chainKey, 0, counter), inner, ciphertext);
            rootKey = Arrays.copyOf(derived, 32);
            chain = new ReceiverChain(ratchetKey, chainKey, 0);
            receivers.add(0, chain);
            if (receivers.size() > MAX_RECEIVER_CHAINS) {
                receivers.remove(receivers.size() - 1);
            }
            // Our next message starts a new sending chain from their new ratchet key.
            sender = null;
            advancePast(chain, counter);
        } else if (counter < Integer.toUnsignedLong(chain.index)) {
            SkippedKey key = null;
            for (SkippedKey candidate : skipped) {
                if (candidate.index() == counter && Arrays.equals(candidate.ratchetKey(), ratchetKey)) {
                    key = candidate;
                    break;
                }
            }
            if (key == null) {
                throw new CryptoException("Olm message already decrypted or its key discarded");
            }
            plaintext = open(key.messageKey(), inner, ciphertext);
            skipped.remove(key);
        } else {
            if (counter - Integer.toUnsignedLong(chain.index) > MAX_MESSAGE_GAP) {
                throw new CryptoException("Olm message too far ahead of its chain");
            }
            plaintext = open(messageKey(chain.chainKey, chain.index, counter), inner, ciphertext);
            advancePast(chain, counter);
        }
        receivedMessage = true;
        return plaintext;
    }

    /** Moves a receiving chain past {@code counter}, keeping the keys of the messages it skips. */
    private void advancePast(ReceiverChain chain, long counter) {
        while (Integer.toUnsignedLong(chain.index) < counter) {
            skipped.add(0, new SkippedKey(chain.ratchetKey, Primitives.hmacSha256(chain.chainKey, MESSAGE_KEY_SEED),
                    chain.index));
            if (skipped.size() > MAX_SKIPPED_MESSAGE_KEYS) {
                skipped.remove(skipped.size() - 1);
            }
            chain.chainKey = Primitives.hmacSha256(chain.chainKey, CHAIN_KEY_SEED);
            chain.index++;
        }
        chain.chainKey = Primitives.hmacSha256(chain.chainKey, CHAIN_KEY_SEED);
        chain.index++;
    }

    private static byte[] messageKey(byte[] chainKey, long from, long to) {
        byte[] key = chainKey;
        for (long i = from; i < to; i++) {
            key = Primitives.hmacSha256(key, CHAIN_KEY_SEED);
        }
        return Primitives.hmacSha256(key, MESSAGE_KEY_SEED);
    }

    private static byte[] open(byte[] messageKey, byte[] message, byte[] ciphertext) {
        AesSha2 cipher = new AesSha2(messageKey, AesSha2.OLM_INFO);
        if (!cipher.macMatches(message, message.length - AesSha2.MAC_LENGTH)) {
            throw new CryptoException("bad Olm message MAC");
        }
        return cipher.decrypt(ciphertext);
    }

    /** This session's state in our versioned pickle format (keys in the clear: seal it). */
    public byte[] pickle() {
        Pickle.Writer out = new Pickle.Writer(Pickle.SESSION)
                .bytes(aliceIdentityKey)
                .bytes(aliceBaseKey)
                .bytes(bobOneTimeKey)
                .bool(receivedMessage)
                .bytes(rootKey)
                .bool(sender != null);
        if (sender != null) {
            out.bytes(sender.ratchetKey.privateKey()).bytes(sender.chainKey).integer(sender.index);
        }
        out.integer(receivers.size());
        for (ReceiverChain chain : receivers) {
            out.bytes(chain.ratchetKey).bytes(chain.chainKey).integer(chain.index);
        }
        out.integer(skipped.size());
        for (SkippedKey key : skipped) {
            out.bytes(key.ratchetKey()).bytes(key.messageKey()).integer(key.index());
        }
        return out.toByteArray();
    }

    /** Reads back {@link #pickle()}; a malformed or foreign pickle is a {@link CryptoException}. */
    public static OlmSession unpickle(byte[] pickle) {
        Pickle.Reader in = new Pickle.Reader(pickle, Pickle.SESSION);
        byte[] aliceIdentity = in.bytes(32);
        byte[] aliceBase = in.bytes(32);
        byte[] bobOneTime = in.bytes(32);
        boolean received = in.bool();
        byte[] root = in.bytes(32);
        SenderChain sender = null;
        if (in.bool()) {
            sender = new SenderChain(new Curve25519KeyPair(in.bytes(32)), in.bytes(32), in.integer());
        }
        int receiverCount = in.count(MAX_RECEIVER_CHAINS);
        List<ReceiverChain> receivers = new ArrayList<>();
        for (int i = 0; i < receiverCount; i++) {
            receivers.add(new ReceiverChain(in.bytes(32), in.bytes(32), in.integer()));
        }
        int skippedCount = in.count(MAX_SKIPPED_MESSAGE_KEYS);
        List<SkippedKey> skipped = new ArrayList<>();
        for (int i = 0; i < skippedCount; i++) {
            skipped.add(new SkippedKey(in.bytes(32), in.bytes(32), in.integer()));
        }
        in.end();
        if (sender == null && receivers.isEmpty()) {
            throw new CryptoException("pickle holds a session with no chain");
        }
        return new OlmSession(aliceIdentity, aliceBase, bobOneTime, received, root, sender, receivers, skipped);
    }
}
